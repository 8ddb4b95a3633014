import avsc from 'avsc'
import { pointer, shown, type CodecFactory } from './codec.js'

/**
 * Avro with avsc, the server's library, in its defaults (unions unwrapped where unambiguous, longs as
 * numbers, no logical types: values are the underlying types), as Confluent's JavaScript serializer
 * uses it. Referenced schemas are parsed first into one registry of named types, so the main schema
 * can name their types.
 */
export const avroCodec: CodecFactory = (schema, references) => {
  const registry: Record<string, avsc.Type> = {}
  for (const ref of references) avsc.Type.forSchema(JSON.parse(ref.schema) as avsc.Schema, { registry })
  const type = avsc.Type.forSchema(JSON.parse(schema) as avsc.Schema, { registry })
  return {
    encode(value) {
      const problems: string[] = []
      const ok = type.isValid(value, { errorHook: (path, v, t) => problems.push(`${pointer(path) || '/'}: ${shown(v)} is not a valid ${t.name ?? t.typeName}`) })
      if (!ok) throw new Error(`the value does not fit the Avro schema: ${problems.slice(0, 5).join('; ')}`)
      return new Uint8Array(type.toBuffer(value))
    },
    decode(body) {
      // fromBuffer refuses trailing bytes, which a record of another schema would leave
      return type.fromBuffer(Buffer.from(body.buffer, body.byteOffset, body.byteLength)) as unknown
    },
  }
}
