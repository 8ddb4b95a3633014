/**
 * Confluent's wire format of a Kafka record: magic byte 0, the schema id as a 4-byte big-endian
 * integer, then (Protobuf only) the message indexes, then the payload.
 */

const MAGIC = 0
export const HEADER_BYTES = 5

/** The header and payload in one buffer. */
export const frame = (id: number, body: Uint8Array): Uint8Array => {
  const out = new Uint8Array(HEADER_BYTES + body.length)
  out[0] = MAGIC
  new DataView(out.buffer).setInt32(1, id, false)
  out.set(body, HEADER_BYTES)
  return out
}

/** The schema id and what follows it; throws when the bytes are not a Confluent-framed record. */
export const unframe = (bytes: Uint8Array): { id: number; body: Uint8Array } => {
  if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC) throw new Error('not in the Confluent wire format (magic byte 0 and a 4-byte schema id)')
  const id = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(1, false)
  return { id, body: bytes.subarray(HEADER_BYTES) }
}

const zigzag = (n: number): number => ((n << 1) ^ (n >> 31)) >>> 0

const writeVarint = (out: number[], value: number): void => {
  let v = value
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
}

/**
 * Protobuf message indexes: the index path of the message in its file (`[0]` the first top-level
 * message, `[1, 0]` the first nested message of the second), as zigzag varints prefixed by their
 * count. Confluent writes the common `[0]` as the single byte 0, and so do we.
 */
export const writeMessageIndexes = (indexes: number[]): Uint8Array => {
  if (indexes.length === 1 && indexes[0] === 0) return Uint8Array.of(0)
  const out: number[] = []
  writeVarint(out, zigzag(indexes.length))
  for (const i of indexes) writeVarint(out, zigzag(i))
  return Uint8Array.from(out)
}

const readZigzag = (bytes: Uint8Array, at: number): { value: number; next: number } => {
  let result = 0
  for (let i = 0, shift = 0; i < 5; i++, shift += 7) {
    const b = bytes[at + i]
    if (b === undefined) break
    result |= (b & 0x7f) << shift
    if ((b & 0x80) === 0) return { value: (result >>> 1) ^ -(result & 1), next: at + i + 1 }
  }
  throw new Error('the Protobuf message indexes of the record are truncated')
}

/** The message index path and the payload after it; a count of 0 means the first message (`[0]`). */
export const readMessageIndexes = (bytes: Uint8Array): { indexes: number[]; payload: Uint8Array } => {
  const count = readZigzag(bytes, 0)
  if (count.value < 0 || count.value > 100) throw new Error(`the record's Protobuf message index count ${count.value} is not plausible`)
  const indexes: number[] = []
  let at = count.next
  for (let i = 0; i < count.value; i++) {
    const index = readZigzag(bytes, at)
    indexes.push(index.value)
    at = index.next
  }
  return { indexes: indexes.length === 0 ? [0] : indexes, payload: bytes.subarray(at) }
}
