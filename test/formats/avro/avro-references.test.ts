import { describe, expect, it } from 'vitest'
import type { ResolvedReference } from '../../../src/domain/schema-types.js'
import { avroFormat } from '../../../src/formats/avro/index.js'
import { isRegistryError } from '../../../src/errors/registry-error.js'

const ref = (name: string, schema: string, references: ResolvedReference[] = []): ResolvedReference => ({
  name,
  subject: name,
  version: 1,
  schemaType: 'AVRO',
  schema,
  references,
})

const country = ref('com.acme.Country', '{"type":"enum","name":"Country","namespace":"com.acme","symbols":["NL","DE"]}')
const address = ref('com.acme.Address', '{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"country","type":"Country"}]}', [country])
const order =
  '{"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"ship","type":"com.acme.Address"},{"name":"bill","type":["null","Address"],"default":null},{"name":"origin","type":"Country"}]}'

describe('Avro references', () => {
  it('makes named types of references (and of their own references) usable by name', () => {
    expect(() => avroFormat.parse(order, [address, country], { strict: true })).not.toThrow()
  })

  it('refuses a name that no reference defines', () => {
    expect(() => avroFormat.parse(order, [country], { strict: true })).toThrow(/'com.acme.Address' is neither/)
  })

  it('does not inline referenced types in the canonical form', () => {
    const parsed = avroFormat.parse(order, [address], { strict: true })
    expect(avroFormat.canonical(parsed, { normalize: false })).toBe(
      '{"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"ship","type":"Address"},{"name":"bill","type":["null","Address"],"default":null},{"name":"origin","type":"Country"}]}',
    )
  })

  it('inlines referenced types where first used for format=resolved', () => {
    const parsed = avroFormat.parse(order, [address], { strict: true })
    expect(avroFormat.render(parsed, 'resolved')).toBe(
      '{"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"ship","type":{"type":"record","name":"Address","fields":[{"name":"country","type":{"type":"enum","name":"Country","symbols":["NL","DE"]}}]}},{"name":"bill","type":["null","Address"],"default":null},{"name":"origin","type":"Country"}]}',
    )
    expect(avroFormat.render(parsed, 'serialized')).toBeUndefined()
  })

  it('names the reference whose text is broken', () => {
    try {
      avroFormat.parse(order, [ref('com.acme.Address', '{"type":"record"')], { strict: true })
      expect.unreachable()
    } catch (e) {
      expect(isRegistryError(e) && e.message).toMatch(/reference 'com.acme.Address'.*malformed JSON/)
    }
  })

  it('refuses a schema that redefines a referenced type', () => {
    const again = '{"type":"enum","name":"Country","namespace":"com.acme","symbols":["X"]}'
    expect(() => avroFormat.parse(again, [country], { strict: true })).toThrow(/already defined/)
  })

  it('checks compatibility through referenced types', () => {
    const widerCountry = ref('com.acme.Country', '{"type":"enum","name":"Country","namespace":"com.acme","symbols":["NL","DE","FR"]}')
    const oldOrder = avroFormat.parse(order, [address, country], { strict: false })
    const newOrder = avroFormat.parse(order, [{ ...address, references: [widerCountry] }, widerCountry], { strict: true })
    const options = { policy: 'STRICT' as const }
    expect(avroFormat.checkReadable({ reader: newOrder, writer: oldOrder, options })).toEqual([])
    const forward = avroFormat.checkReadable({ reader: oldOrder, writer: newOrder, options })
    // As in Avro Java, a pair met again reuses its first result, location included.
    expect(forward.map((i) => `${i.kind} ${i.path}`)).toEqual([
      'MISSING_ENUM_SYMBOLS /fields/0/type/fields/0/type/symbols',
      'MISSING_UNION_BRANCH /fields/1/type/1',
      'MISSING_ENUM_SYMBOLS /fields/0/type/fields/0/type/symbols',
    ])
  })
})
