// Ceiling: the cheapest HTTP server Node has, answering the same bytes as a registry read.
import http from 'node:http'

const body = Buffer.from(process.env.BODY ?? '{}')
const server = http.createServer((req, res) => {
  req.resume()
  res.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json', 'content-length': body.length })
  res.end(body)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }))
