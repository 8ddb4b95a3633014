import { composeFromConfig } from './composition.js'
import { loadConfig } from './config.js'

// The only file that reads the environment, listens, and handles signals.
const main = async () => {
  const config = loadConfig(process.env)
  const { app, store } = await composeFromConfig(config)
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down: draining requests')
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out')
      process.exit(1)
    }, config.SHUTDOWN_TIMEOUT_MS)
    timer.unref()
    try {
      await app.close() // stops accepting, waits for in-flight requests
      await store.close()
      process.exit(0)
    } catch (err) {
      app.log.error({ err }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
  await app.listen({ port: config.PORT, host: config.HOST })
}

main().catch((err) => {
  console.error(JSON.stringify({ level: 'fatal', msg: `start-up failed: ${String(err?.message ?? err)}`, err: String(err?.stack ?? err) }))
  process.exit(1)
})
