/** What a parsed 2 KB Avro schema holds on the heap: `node --expose-gc --import tsx bench/profile/parsed-heap.ts`. */
import { createFormats } from '../../src/formats/formats.js'
import { avroRecord } from '../lib/data.js'
const f = createFormats().get('AVRO')
const texts = Array.from({ length: 2000 }, (_, i) => avroRecord(i, 2000))
const keep: unknown[] = []
global.gc?.()
const h0 = process.memoryUsage().heapUsed
for (const t of texts) keep.push(f.parse(t, [], { strict: false }))
global.gc?.()
const h1 = process.memoryUsage().heapUsed
console.log('per parsed 2KB schema bytes', ((h1 - h0) / texts.length).toFixed(0), 'text', texts[0].length)
