import { describe, expect, it } from 'vitest'
import { isRegistryError } from '../../../src/errors/registry-error.js'
import { avroFormat } from '../../../src/formats/avro/index.js'
import { jsonFormat } from '../../../src/formats/json/index.js'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'
import { base64Of, invoiceFile, INVOICE_TEXT } from '../../clients/protobuf-descriptors.js'

// FormatPlugin.fileImports: what publishing a set of files wires (docs/EXTENSIONS.md §9).
const importsOf = (text: string) => protobufFormat.fileImports!(text)

describe('Protobuf file imports', () => {
  it('lists the imports once each, in the order written, marking the files the registry provides', () => {
    const text = `syntax = "proto3";
package p;
import "a/b.proto";
import public "c.proto";
import "google/protobuf/timestamp.proto";
import "google/type/money.proto";
import weak "a/b.proto";
message M { string v = 1; }`
    expect(importsOf(text)).toEqual([
      { path: 'a/b.proto', builtIn: false },
      { path: 'c.proto', builtIn: false },
      { path: 'google/protobuf/timestamp.proto', builtIn: true },
      { path: 'google/type/money.proto', builtIn: true },
    ])
  })

  it('treats an unknown google/protobuf path as a file to be given', () => {
    expect(importsOf('syntax = "proto3"; import "google/protobuf/nope.proto";')).toEqual([{ path: 'google/protobuf/nope.proto', builtIn: false }])
  })

  it('reads the dependencies of a serialized descriptor', () => {
    expect(importsOf(base64Of(invoiceFile()))).toEqual(importsOf(INVOICE_TEXT))
    expect(importsOf(INVOICE_TEXT)).toEqual([{ path: 'acme/common.proto', builtIn: false }])
  })

  it('throws INVALID_SCHEMA for a file that does not parse', () => {
    let thrown: unknown
    try {
      importsOf('syntax = "proto3"; import "a.proto" message')
    } catch (e) {
      thrown = e
    }
    expect(isRegistryError(thrown) && thrown.kind).toBe('INVALID_SCHEMA')
  })

  it('is absent for the types whose schemas import no files', () => {
    expect(avroFormat.fileImports).toBeUndefined()
    expect(jsonFormat.fileImports).toBeUndefined()
  })
})
