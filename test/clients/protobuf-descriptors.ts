/**
 * Protobuf schemas used by the client and HTTP Protobuf tests, each twice: as `.proto` text and as the
 * `FileDescriptorProto` a compiler would produce for it, written out field by field with
 * `@bufbuild/protobuf` (no codegen, no parser of ours), so the registry sees both encodings of the same
 * schema from independent sources.
 */
import { create, createFileRegistry, toBinary, type DescFile, type FileRegistry } from '@bufbuild/protobuf'
import {
  DescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FileDescriptorProtoSchema,
  file_google_protobuf_timestamp,
  type DescriptorProto,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt'

type FieldSpec = [name: string, number: number, type: Type, typeName?: string, label?: Label]

const message = (name: string, fields: FieldSpec[]): DescriptorProto =>
  create(DescriptorProtoSchema, {
    name,
    field: fields.map(([fieldName, number, type, typeName, label]) => ({
      name: fieldName,
      number,
      type,
      label: label ?? Label.OPTIONAL,
      ...(typeName ? { typeName } : {}),
    })),
  })

const file = (name: string, pkg: string, dependency: string[], messageType: DescriptorProto[]): FileDescriptorProto =>
  create(FileDescriptorProtoSchema, { name, package: pkg, dependency, syntax: 'proto3', messageType })

/** A message with a message-typed field (a message of the same file) and a repeated field. */
export const ORDERS_TEXT = `syntax = "proto3";
package acme.orders.v1;

message Order {
  string id = 1;
  int64 cents = 2;
  repeated string tags = 3;
  Item item = 4;
}
message Item {
  string sku = 1;
  int32 qty = 2;
}
`
export const ordersFile = (): FileDescriptorProto =>
  file(
    'acme/orders.proto',
    'acme.orders.v1',
    [],
    [
      message('Order', [
        ['id', 1, Type.STRING],
        ['cents', 2, Type.INT64],
        ['tags', 3, Type.STRING, undefined, Label.REPEATED],
        ['item', 4, Type.MESSAGE, '.acme.orders.v1.Item'],
      ]),
      message('Item', [
        ['sku', 1, Type.STRING],
        ['qty', 2, Type.INT32],
      ]),
    ],
  )

/** A file imported by INVOICE_TEXT: registered under its own subject and referenced as `acme/common.proto`. */
export const COMMON_TEXT = `syntax = "proto3";
package acme.common.v1;

message Money {
  string currency = 1;
  int64 units = 2;
}
`
export const commonFile = (): FileDescriptorProto =>
  file(
    'acme/common.proto',
    'acme.common.v1',
    [],
    [
      message('Money', [
        ['currency', 1, Type.STRING],
        ['units', 2, Type.INT64],
      ]),
    ],
  )

/** A schema that imports COMMON_TEXT as `importPath` (the name its reference must carry). */
export const invoiceText = (importPath = 'acme/common.proto') => `syntax = "proto3";
package acme.billing.v1;

import "${importPath}";

message Invoice {
  string number = 1;
  acme.common.v1.Money total = 2;
}
`
export const INVOICE_TEXT = invoiceText()
export const invoiceFile = (importPath = 'acme/common.proto'): FileDescriptorProto =>
  file(
    'acme/invoice.proto',
    'acme.billing.v1',
    [importPath],
    [
      message('Invoice', [
        ['number', 1, Type.STRING],
        ['total', 2, Type.MESSAGE, '.acme.common.v1.Money'],
      ]),
    ],
  )

/** A message that imports a well-known file, which resolves without a reference. */
export const EVENT_TEXT = `syntax = "proto3";
package acme.events.v1;

import "google/protobuf/timestamp.proto";

message Event {
  string name = 1;
  google.protobuf.Timestamp at = 2;
}
`
export const eventFile = (): FileDescriptorProto =>
  file(
    'acme/event.proto',
    'acme.events.v1',
    ['google/protobuf/timestamp.proto'],
    [
      message('Event', [
        ['name', 1, Type.STRING],
        ['at', 2, Type.MESSAGE, '.google.protobuf.Timestamp'],
      ]),
    ],
  )

/** Base64 of the serialized descriptor: what a client sends as `schema` instead of the text. */
export const base64Of = (fd: FileDescriptorProto): string => Buffer.from(toBinary(FileDescriptorProtoSchema, fd)).toString('base64')

/**
 * A registry of the given files (dependencies first), as generated code would provide: imports
 * resolve to the files given before, and `google/protobuf/timestamp.proto` to the built-in one.
 */
export const registryOf = (...files: FileDescriptorProto[]): { registry: FileRegistry; file(name: string): DescFile } => {
  let registry = createFileRegistry()
  for (const fd of files) {
    const added = createFileRegistry(fd, (dep) => (dep === 'google/protobuf/timestamp.proto' ? file_google_protobuf_timestamp : registry.getFile(dep)))
    registry = createFileRegistry(registry, added)
  }
  return {
    registry,
    file(name: string) {
      const found = registry.getFile(name)
      if (!found) throw new Error(`no file ${name} in the registry`)
      return found
    },
  }
}
