/** The benchmark's schemas: Avro records of a chosen size, each one distinct. */

const FIELD_TYPES = ['string', 'int', 'long', 'double', 'boolean'] as const

/** An Avro record of about `bytes` characters, distinct for every `n` (its name and namespace). */
export const avroRecord = (n: number, bytes = 1500, extraFields = 0, doc?: string): string => {
  const fields: object[] = []
  let i = 0
  const text = () => JSON.stringify({ type: 'record', name: `Rec${n}`, namespace: `bench.n${n}`, ...(doc ? { doc } : {}), fields })
  while (text().length < bytes - 60) {
    fields.push({ name: `field_${i}`, type: FIELD_TYPES[i % FIELD_TYPES.length], doc: `field ${i} of record ${n}` })
    i++
  }
  for (let k = 0; k < extraFields; k++) fields.push({ name: `added_${k}`, type: 'string', default: '' })
  return text()
}

/** Version `v` (from 1) of a record that keeps its size: the versions differ in their doc, each BACKWARD compatible with all others. */
export const evolvingRecord = (v: number, bytes: number): string => avroRecord(0, bytes, 0, `version ${v}`)

/** Version `v` (from 1) of a growing record: every version adds one optional field (BACKWARD compatible). */
export const growingRecord = (v: number, bytes: number): string => avroRecord(0, bytes, v - 1)

export const subjectName = (n: number) => `bench-${n}-value`
