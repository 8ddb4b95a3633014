import { create, setExtension, toBinary } from '@bufbuild/protobuf'
import { FieldOptionsSchema, FileDescriptorProtoSchema, FileOptionsSchema } from '@bufbuild/protobuf/wkt'
import { MetaSchema, field_meta, file_meta } from '@confluentinc/schemaregistry/dist/confluent/meta_pb.js'
import protobuf from 'protobufjs'
import descriptor from 'protobufjs/ext/descriptor.js'
import { expect } from 'vitest'
import type { ResolvedReference } from '../../../src/domain/schema-types.js'
import { isRegistryError } from '../../../src/errors/registry-error.js'
import type { ParsedSchema } from '../../../src/formats/format-plugin.js'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'

export const parse = (text: string, references: ResolvedReference[] = [], strict = true): ParsedSchema => protobufFormat.parse(text, references, { strict })

export const canonical = (text: string, normalize = false, references: ResolvedReference[] = []): string => protobufFormat.canonical(parse(text, references), { normalize })

export const ref = (name: string, schema: string, references: ResolvedReference[] = [], version = 1): ResolvedReference => ({
  name,
  subject: name.replace(/\.proto$/, ''),
  version,
  schemaType: 'PROTOBUF',
  schema,
  references,
})

/** The INVALID_SCHEMA message of a rejected schema (fails the test when it is accepted). */
export const rejection = (text: string, references: ResolvedReference[] = [], strict = true): string => {
  try {
    parse(text, references, strict)
  } catch (e) {
    expect(isRegistryError(e) && e.kind).toBe('INVALID_SCHEMA')
    return (e as Error).message
  }
  throw new Error(`expected the schema to be rejected:\n${text}`)
}

const COMMON = ['google/protobuf/timestamp.proto', 'google/protobuf/struct.proto', 'google/protobuf/wrappers.proto', 'google/protobuf/duration.proto']

/**
 * Base64 of the FileDescriptorProto that protobufjs (an independent compiler) builds from `.proto`
 * text. protobufjs leaves out `dependency`, so the text's imports are copied in.
 */
export const descriptorOf = (text: string): string => {
  const root = new protobuf.Root()
  const common = (protobuf as unknown as { common: Record<string, { nested: protobuf.INamespace['nested'] }> }).common
  for (const path of COMMON) root.addJSON(common[path]?.nested ?? {})
  const parsed = protobuf.parse(text, root, { keepCase: true })
  root.resolveAll()
  const set = root.toDescriptor(text.includes('"proto3"') ? 'proto3' : 'proto2')
  const files = set.file.filter((f) => !String(f.name).startsWith('google'))
  if (files.length !== 1) throw new Error(`expected one file, got ${files.map((f) => f.name).join(', ')}`)
  const file = files[0] as protobuf.Message & { dependency?: string[] }
  file.dependency = parsed.imports ?? []
  return Buffer.from(descriptor.FileDescriptorProto.encode(file).finish()).toString('base64')
}

/**
 * Base64 of a descriptor whose custom options are extension fields in wire format, as generated
 * code embeds them (built with @bufbuild/protobuf and the Confluent client's meta.proto types).
 */
export const descriptorWithMeta = (): string => {
  const meta = (init: { doc: string; tags?: string[]; params?: Record<string, string> }) => create(MetaSchema, init)
  const fileOptions = create(FileOptionsSchema)
  setExtension(fileOptions, file_meta, meta({ doc: 'orders' }))
  const fieldOptions = create(FieldOptionsSchema)
  setExtension(fieldOptions, field_meta, meta({ doc: 'the x', tags: ['PII', 'GDPR'], params: { k: 'v' } }))
  const file = create(FileDescriptorProtoSchema, {
    name: 'a.proto',
    package: 'acme',
    syntax: 'proto3',
    dependency: ['confluent/meta.proto'],
    options: fileOptions,
    messageType: [{ name: 'A', field: [{ name: 'x', number: 1, label: 1, type: 9, jsonName: 'x', options: fieldOptions }] }],
  })
  return Buffer.from(toBinary(FileDescriptorProtoSchema, file)).toString('base64')
}
