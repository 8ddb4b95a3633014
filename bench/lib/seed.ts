/**
 * Seeds a store through its own port, in large transactions: the same rows, canonical texts and
 * hashes a registration writes, without paying an HTTP round trip and a transaction per schema
 * (100k schemas would take a quarter of an hour that way). Versioned files are not written.
 */
import { openStore } from '../../src/composition.js'
import { DEFAULT_CONTEXT } from '../../src/domain/subjects.js'
import { createFormats } from '../../src/formats/formats.js'
import { createAnalyzer } from '../../src/services/analysis/analyzer.js'
import { createContentService } from '../../src/services/content-service.js'
import type { StoreOptions } from '../../src/composition.js'

const BATCH = 500

export interface SeedItem {
  subject: string
  version: number
  schema: string
}

export const seed = async (opts: StoreOptions, items: Iterable<SeedItem>, onProgress?: (done: number) => void): Promise<number[]> => {
  const store = await openStore(opts)
  const analyzer = createAnalyzer(createFormats(), { offloadWeight: Number.POSITIVE_INFINITY, timeoutMs: 30_000 })
  const content = createContentService({ analyzer })
  const ids: number[] = []
  let batch: SeedItem[] = []
  const flush = async () => {
    const current = batch
    batch = []
    await store.transaction(async (tx) => {
      for (const item of current) {
        const prepared = await content.prepare(
          tx,
          DEFAULT_CONTEXT,
          { schemaType: 'AVRO', schema: item.schema, references: [], metadata: null, ruleSet: null },
          { normalize: false, strict: true },
        )
        const id = await tx.insertSchema({ context: DEFAULT_CONTEXT, ...prepared })
        await tx.touchSubject(DEFAULT_CONTEXT, item.subject)
        await tx.insertVersion({ context: DEFAULT_CONTEXT, subject: item.subject, version: item.version, schemaId: id })
        await tx.appendEvent({ action: 'schema.register', context: DEFAULT_CONTEXT, subject: item.subject, version: item.version, schemaId: id })
        ids.push(id)
      }
    })
    onProgress?.(ids.length)
  }
  try {
    for (const item of items) {
      batch.push(item)
      if (batch.length >= BATCH) await flush()
    }
    if (batch.length > 0) await flush()
  } finally {
    await analyzer.close()
    await store.close()
  }
  return ids
}
