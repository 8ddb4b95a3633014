import descriptor from 'protobufjs/ext/descriptor.js'
import type protobuf from 'protobufjs'
import { invalidSchema } from '../../errors/registry-error.js'
import type { EnumDef, MessageDef, OptionEntry, ProtoFile } from './protobuf-model.js'
import { ExtensionRangeOptions, isBuiltinOption, toDescriptorOptions } from './protobuf-descriptor-options.js'
import { join } from './protobuf-symbols.js'

/**
 * Built-in options must exist and carry a value of their type, as protoc checks; custom
 * `(extension)` options are kept as written (Confluent does not interpret them either).
 */

const checkEntries = (entries: OptionEntry[], type: protobuf.Type, where: string): void => {
  for (const e of entries) {
    if (e.name.startsWith('(')) continue
    const first = e.name.split('.')[0] as string
    if (!isBuiltinOption(type, first)) throw invalidSchema(`Invalid Protobuf schema: unknown option "${e.name}" in ${where}`)
    try {
      toDescriptorOptions([e], type)
    } catch (err) {
      throw invalidSchema(`Invalid Protobuf schema: invalid value for option "${e.name}" in ${where}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
}

const checkEnum = (en: EnumDef, scope: string): void => {
  const fqn = join(scope, en.name)
  checkEntries(en.options, descriptor.EnumOptions, `enum ${fqn}`)
  for (const v of en.values) checkEntries(v.options, descriptor.EnumValueOptions, `enum value ${fqn}.${v.name}`)
}

const checkMessage = (msg: MessageDef, scope: string): void => {
  const fqn = join(scope, msg.name)
  checkEntries(msg.options, descriptor.MessageOptions, `message ${fqn}`)
  for (const f of [...msg.fields, ...msg.extensions]) checkEntries(f.options, descriptor.FieldOptions, `field ${fqn}.${f.name}`)
  for (const o of msg.oneofs) checkEntries(o.options, descriptor.OneofOptions, `oneof ${fqn}.${o.name}`)
  for (const r of msg.extensionRanges) checkEntries(r.options, ExtensionRangeOptions, `the extension range ${r.start} of ${fqn}`)
  for (const m of msg.messages) checkMessage(m, fqn)
  for (const e of msg.enums) checkEnum(e, fqn)
}

/** Throws INVALID_SCHEMA for an unknown built-in option or a value of the wrong type. */
export const validateOptions = (file: ProtoFile): void => {
  const pkg = file.package ?? ''
  checkEntries(file.options, descriptor.FileOptions, 'the file')
  for (const m of file.messages) checkMessage(m, pkg)
  for (const e of file.enums) checkEnum(e, pkg)
  for (const x of file.extensions) checkEntries(x.options, descriptor.FieldOptions, `extension ${join(pkg, x.name)}`)
  for (const s of file.services) {
    checkEntries(s.options, descriptor.ServiceOptions, `service ${join(pkg, s.name)}`)
    for (const m of s.methods) checkEntries(m.options, descriptor.MethodOptions, `method ${join(pkg, s.name)}.${m.name}`)
  }
}
