/**
 * Protobuf's two input encodings over HTTP (docs/API.md §4, Protobuf bullet): `.proto` text and base64 of a
 * serialized `FileDescriptorProto` are the same schema; responses give the text, or the descriptor with
 * `?format=serialized`. The descriptors are written field by field with `@bufbuild/protobuf`
 * (test/clients/protobuf-descriptors.ts) and the served ones decoded with its `fromBinary`, so the
 * registry's own parser and writer are checked against an independent implementation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromBinary } from '@bufbuild/protobuf'
import { FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type, FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { COMMON_TEXT, EVENT_TEXT, ORDERS_TEXT, base64Of, eventFile, invoiceFile, invoiceText, ordersFile } from '../clients/protobuf-descriptors.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const PB = 'PROTOBUF'
const decode = (b64: string): FileDescriptorProto => fromBinary(FileDescriptorProtoSchema, Buffer.from(b64, 'base64'))
const fieldsOf = (fd: FileDescriptorProto, message: string) =>
  fd.messageType.find((m) => m.name === message)?.field.map((f) => ({ name: f.name, number: f.number, type: f.type, label: f.label }))

describe('Protobuf: .proto text and base64 descriptor are one schema', () => {
  it('gives the descriptor of a schema registered as text the same id on register, lookup and compatibility, with no new version', async () => {
    const text = (await t.cf('POST', '/subjects/enc-same/versions', { schemaType: PB, schema: ORDERS_TEXT })).json()
    expect(text).toMatchObject({ id: expect.any(Number), version: 1, schemaType: PB })
    const b64 = base64Of(ordersFile())
    const reg = await t.cf('POST', '/subjects/enc-same/versions', { schemaType: PB, schema: b64 })
    expect(reg.statusCode).toBe(200)
    expect(reg.json()).toMatchObject({ id: text.id, version: 1, schemaType: PB })
    expect((await t.cf('GET', '/subjects/enc-same/versions')).json()).toEqual([1])
    const lookup = await t.cf('POST', '/subjects/enc-same', { schemaType: PB, schema: b64 })
    expect(lookup.statusCode).toBe(200)
    expect(lookup.json()).toMatchObject({ subject: 'enc-same', id: text.id, version: 1 })
    const compat = await t.cf('POST', '/compatibility/subjects/enc-same/versions/latest?verbose=true', { schemaType: PB, schema: b64 })
    expect(compat.json()).toEqual({ is_compatible: true, messages: [] })
  })

  it('gives text registered after the descriptor the id of the descriptor, in another subject too', async () => {
    const first = (await t.cf('POST', '/subjects/enc-desc-first/versions', { schemaType: PB, schema: base64Of(ordersFile()) })).json()
    const again = (await t.cf('POST', '/subjects/enc-desc-first/versions', { schemaType: PB, schema: ORDERS_TEXT })).json()
    expect(again).toMatchObject({ id: first.id, version: 1 })
    expect((await t.cf('POST', '/subjects/enc-desc-other/versions', { schemaType: PB, schema: ORDERS_TEXT })).json().id).toBe(first.id)
  })

  it('accepts the descriptor in the OpenSchema dialect too, and serves it there as text', async () => {
    const cf = (await t.cf('POST', '/subjects/enc-os/versions', { schemaType: PB, schema: ORDERS_TEXT })).json()
    const os = await t.os('POST', '/subjects/enc-os/versions', { serialization: 'PB', schemaDefinition: base64Of(ordersFile()) })
    expect(os.statusCode).toBe(200)
    expect(os.json()).toEqual({ id: String(cf.id) })
    const read = (await t.os('GET', `/schemas/ids/${cf.id}`)).json()
    expect(read).toMatchObject({ serialization: 'PB', schemaType: PB })
    expect(read.schemaDefinition).toMatch(/^syntax = "proto3";/)
    expect(read.schemaDefinition).toContain('message Order {')
  })
})

describe('Protobuf: ?format=serialized', () => {
  it('serves base64 of a descriptor with the messages and fields of the schema by id, guid and subject version, and text without it', async () => {
    const { id, guid, schema: servedText } = (await t.cf('POST', '/subjects/enc-fmt/versions', { schemaType: PB, schema: ORDERS_TEXT })).json()
    expect(servedText).toMatch(/^syntax = "proto3";\npackage acme\.orders\.v1;/)
    const urls = [`/schemas/ids/${id}`, `/schemas/guids/${guid}`, '/subjects/enc-fmt/versions/1']
    for (const url of urls) {
      const plain = await t.cf('GET', url)
      expect(plain.statusCode).toBe(200)
      expect(plain.json().schema).toBe(servedText)
      const res = await t.cf('GET', `${url}?format=serialized`)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ schemaType: PB, guid })
      const fd = decode(res.json().schema)
      expect(fd.package).toBe('acme.orders.v1')
      expect(fd.syntax).toBe('proto3')
      expect(fd.messageType.map((m) => m.name)).toEqual(['Order', 'Item'])
      expect(fieldsOf(fd, 'Order')).toEqual([
        { name: 'id', number: 1, type: Type.STRING, label: Label.OPTIONAL },
        { name: 'cents', number: 2, type: Type.INT64, label: Label.OPTIONAL },
        { name: 'tags', number: 3, type: Type.STRING, label: Label.REPEATED },
        { name: 'item', number: 4, type: Type.MESSAGE, label: Label.OPTIONAL },
      ])
      // Confluent may write a type name relative or fully qualified; either names Item of this package.
      expect(fd.messageType[0].field[3].typeName).toMatch(/^(\.acme\.orders\.v1\.)?Item$/)
      expect(fieldsOf(fd, 'Item')).toEqual([
        { name: 'sku', number: 1, type: Type.STRING, label: Label.OPTIONAL },
        { name: 'qty', number: 2, type: Type.INT32, label: Label.OPTIONAL },
      ])
    }
    // The served descriptor, posted back, is the same content.
    const served = (await t.cf('GET', `/schemas/ids/${id}?format=serialized`)).json().schema
    expect((await t.cf('POST', '/subjects/enc-fmt-back/versions', { schemaType: PB, schema: served })).json().id).toBe(id)
  })

  it('keeps a well-known import in the descriptor and needs no reference for it', async () => {
    const reg = await t.cf('POST', '/subjects/enc-wkt/versions', { schemaType: PB, schema: EVENT_TEXT })
    expect(reg.statusCode).toBe(200)
    expect(reg.json()).not.toHaveProperty('references')
    const fd = decode((await t.cf('GET', `/schemas/ids/${reg.json().id}?format=serialized`)).json().schema)
    expect(fd.dependency).toEqual(['google/protobuf/timestamp.proto'])
    expect(fd.messageType[0].field[1]).toMatchObject({ name: 'at', type: Type.MESSAGE, typeName: expect.stringMatching(/^\.?google\.protobuf\.Timestamp$/) })
    expect((await t.cf('POST', '/subjects/enc-wkt/versions', { schemaType: PB, schema: base64Of(eventFile()) })).json()).toMatchObject({ id: reg.json().id, version: 1 })
  })
})

describe('Protobuf: imports through references', () => {
  it("resolves an import through a reference to another subject's .proto, lists the referrer in referencedby, and gives its descriptor the same id", async () => {
    const other = (await t.cf('POST', '/subjects/enc-other/versions', { schemaType: PB, schema: COMMON_TEXT })).json()
    const references = [{ name: 'other.proto', subject: 'enc-other', version: 1 }]
    const reg = await t.cf('POST', '/subjects/enc-invoice/versions', { schemaType: PB, schema: invoiceText('other.proto'), references })
    expect(reg.statusCode).toBe(200)
    const { id } = reg.json()
    expect(id).not.toBe(other.id)
    const v1 = (await t.cf('GET', '/subjects/enc-invoice/versions/1')).json()
    expect(v1).toMatchObject({ id, references })
    expect(v1.schema).toContain('import "other.proto";')
    expect((await t.cf('GET', '/subjects/enc-other/versions/1/referencedby')).json()).toEqual([id])
    const fd = decode((await t.cf('GET', '/subjects/enc-invoice/versions/1?format=serialized')).json().schema)
    expect(fd.dependency).toEqual(['other.proto'])
    expect(fd.messageType[0].field[1]).toMatchObject({ name: 'total', type: Type.MESSAGE, typeName: expect.stringMatching(/^\.?acme\.common\.v1\.Money$/) })
    // The same schema as a descriptor, with the same reference.
    const desc = await t.cf('POST', '/subjects/enc-invoice/versions', { schemaType: PB, schema: base64Of(invoiceFile('other.proto')), references })
    expect(desc.json()).toMatchObject({ id, version: 1 })
    expect((await t.cf('GET', '/subjects/enc-invoice/versions')).json()).toEqual([1])
  })
})

describe('Protobuf: invalid input is 422/42201 with what and where', () => {
  const missingSemicolon = 'syntax = "proto3";\npackage acme.v1;\nmessage Order {\n  string id = 1\n}\n'
  const unknownType = 'syntax = "proto3";\npackage acme.v1;\n\nmessage Order {\n  string id = 1;\n  Customer customer = 2;\n}\n'
  const missingImport = 'syntax = "proto3";\npackage acme.v1;\nimport "missing/thing.proto";\nmessage Order {\n  string id = 1;\n}\n'
  const duplicateNumber = 'syntax = "proto3";\npackage acme.v1;\nmessage Pair {\n  string a = 1;\n  string b = 1;\n}\n'
  const undefinedInDescriptor = (() => {
    const fd = ordersFile()
    fd.messageType[0].field[1] = { ...fd.messageType[0].field[1], type: Type.MESSAGE, typeName: '.acme.orders.v1.Nope' }
    return base64Of(fd)
  })()
  const duplicateInDescriptor = (() => {
    const fd = ordersFile()
    fd.messageType[1].field[1].number = 1
    return base64Of(fd)
  })()

  const truncatedDescriptor = (() => {
    const bytes = Buffer.from(base64Of(ordersFile()), 'base64')
    return bytes.subarray(0, bytes.length - 3).toString('base64')
  })()

  const cases: { what: string; schema: string; references?: unknown[]; fragments: RegExp[] }[] = [
    { what: 'a syntax error', schema: missingSemicolon, fragments: [/expected ";"/, /line 5/] },
    { what: 'an unknown type', schema: unknownType, fragments: [/"Customer" is not defined/, /field "customer"/, /line 6/] },
    { what: 'an import no reference names', schema: missingImport, fragments: [/import "missing\/thing\.proto"/, /line 3/] },
    { what: 'a duplicate field number', schema: duplicateNumber, fragments: [/field number 1 is used by both "a" and "b"/, /Pair/, /line 5/] },
    {
      what: 'a reference to a subject version that does not exist',
      schema: invoiceText('other.proto'),
      references: [{ name: 'other.proto', subject: 'enc-nowhere', version: 1 }],
      fragments: [/other\.proto/, /enc-nowhere/],
    },
    { what: 'a descriptor field of an undefined type', schema: undefinedInDescriptor, fragments: [/"\.?acme\.orders\.v1\.Nope" is not defined/, /field "cents"/] },
    { what: 'a descriptor with a duplicate field number', schema: duplicateInDescriptor, fragments: [/field number 1 is used by both "sku" and "qty"/, /Item/] },
    // Neither text nor a whole descriptor: a valid descriptor cut short (Confluent: InvalidProtocolBufferException).
    { what: 'a truncated descriptor', schema: truncatedDescriptor, fragments: [/Invalid Protobuf schema/, /FileDescriptorProto/] },
  ]

  it.each(cases)('rejects $what in the Confluent dialect', async ({ schema, references, fragments }) => {
    const res = await t.cf('POST', '/subjects/enc-bad-cf/versions', { schemaType: PB, schema, ...(references ? { references } : {}) })
    expect(res.statusCode).toBe(422)
    expect(res.json().error_code).toBe(42201)
    for (const f of fragments) expect(res.json().message).toMatch(f)
    expect((await t.cf('GET', '/subjects/enc-bad-cf/versions')).statusCode).toBe(404)
  })

  it.each(cases)('rejects $what in the OpenSchema dialect', async ({ schema, references, fragments }) => {
    const body = references ? { schemaType: PB, schema, references } : { serialization: 'PB', schemaDefinition: schema }
    const res = await t.os('POST', '/subjects/enc-bad-os/versions', body)
    expect(res.statusCode).toBe(422)
    expect(res.json().errorCode).toBe(42201)
    for (const f of fragments) expect(res.json().errorMessage).toMatch(f)
    expect((await t.os('GET', '/subjects/enc-bad-os/versions')).statusCode).toBe(404)
  })

  it('rejects an invalid schema on a compatibility check with 42201, and with verbose answers incompatible with the error as the only message', async () => {
    await t.cf('POST', '/subjects/enc-bad-compat/versions', { schemaType: PB, schema: ORDERS_TEXT })
    const plain = await t.cf('POST', '/compatibility/subjects/enc-bad-compat/versions/latest', { schemaType: PB, schema: unknownType })
    expect(plain.statusCode).toBe(422)
    expect(plain.json()).toMatchObject({ error_code: 42201, message: expect.stringMatching(/"Customer" is not defined/) })
    const verbose = await t.cf('POST', '/compatibility/subjects/enc-bad-compat/versions/latest?verbose=true', { schemaType: PB, schema: unknownType })
    expect(verbose.statusCode).toBe(200)
    expect(verbose.json()).toEqual({ is_compatible: false, messages: [expect.stringMatching(/"Customer" is not defined/)] })
  })
})
