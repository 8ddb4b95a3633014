/** The benchmark's schemas: Avro records of a chosen size, each one distinct. */

const FIELD_TYPES = ['string', 'int', 'long', 'double', 'boolean'] as const

/**
 * An Avro record of about `bytes` characters, distinct for every `n` (its name and namespace). The
 * length is summed field by field: stringifying the whole record for each field added was quadratic,
 * ~150 ms for 80 KB, and the load generator's stalls while making the heavy scenario's schemas showed
 * up as the server's read latency.
 */
export const avroRecord = (n: number, bytes = 1500, extraFields = 0, doc?: string): string => {
  const fields: object[] = []
  // the record with no fields; each field adds its own text and, after the first, a comma
  let length = JSON.stringify({ type: 'record', name: `Rec${n}`, namespace: `bench.n${n}`, ...(doc ? { doc } : {}), fields }).length
  for (let i = 0; length < bytes - 60; i++) {
    const field = { name: `field_${i}`, type: FIELD_TYPES[i % FIELD_TYPES.length], doc: `field ${i} of record ${n}` }
    length += JSON.stringify(field).length + (i > 0 ? 1 : 0)
    fields.push(field)
  }
  for (let k = 0; k < extraFields; k++) fields.push({ name: `added_${k}`, type: 'string', default: '' })
  return JSON.stringify({ type: 'record', name: `Rec${n}`, namespace: `bench.n${n}`, ...(doc ? { doc } : {}), fields })
}

/** Version `v` (from 1) of a record that keeps its size: the versions differ in their doc, each BACKWARD compatible with all others. */
export const evolvingRecord = (v: number, bytes: number): string => avroRecord(0, bytes, 0, `version ${v}`)

/** Version `v` (from 1) of a growing record: every version adds one optional field (BACKWARD compatible). */
export const growingRecord = (v: number, bytes: number): string => avroRecord(0, bytes, v - 1)

export const subjectName = (n: number) => `bench-${n}-value`
