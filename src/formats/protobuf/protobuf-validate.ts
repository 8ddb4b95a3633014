import { invalidSchema } from '../../errors/registry-error.js'
import type { EnumDef, FieldDef, MessageDef, ProtoFile, Range } from './protobuf-model.js'
import { join, type SymbolTable } from './protobuf-symbols.js'

/**
 * The checks protoc makes that parsing and resolution do not: unique names and numbers, reserved
 * numbers and names left unused, enum rules. Only new schemas are checked (stored ones passed once).
 */

const fail = (message: string, line?: number): never => {
  throw invalidSchema(`Invalid Protobuf schema: ${message}${line ? ` (line ${line})` : ''}`)
}

const inRanges = (n: number, ranges: Range[]): boolean => ranges.some((r) => n >= r.start && n <= r.end)

const checkUniqueNames = (names: { name: string; line?: number }[], where: string): void => {
  const seen = new Set<string>()
  for (const n of names) {
    if (seen.has(n.name)) fail(`duplicate name "${n.name}" in ${where}`, n.line)
    seen.add(n.name)
  }
}

const checkFieldNumber = (f: FieldDef, msg: MessageDef, fqn: string, byNumber: Map<number, FieldDef>): void => {
  const other = byNumber.get(f.number)
  if (other) fail(`field number ${f.number} is used by both "${other.name}" and "${f.name}" in message ${fqn}`, f.line)
  byNumber.set(f.number, f)
  if (f.number >= 19000 && f.number <= 19999) fail(`field "${f.name}" in message ${fqn} uses number ${f.number}, which Protobuf reserves (19000 to 19999)`, f.line)
  if (inRanges(f.number, msg.reservedRanges)) fail(`field "${f.name}" in message ${fqn} uses reserved number ${f.number}`, f.line)
  if (msg.reservedNames.includes(f.name)) fail(`field "${f.name}" in message ${fqn} uses a reserved name`, f.line)
  if (inRanges(f.number, msg.extensionRanges)) fail(`field "${f.name}" in message ${fqn} uses number ${f.number}, which is in an extension range`, f.line)
}

const checkMessage = (msg: MessageDef, scope: string, file: ProtoFile, table: SymbolTable): void => {
  const fqn = join(scope, msg.name)
  checkUniqueNames([...msg.fields, ...msg.messages.filter((m) => !m.group), ...msg.enums, ...msg.oneofs, ...msg.extensions], `message ${fqn}`)
  const byNumber = new Map<number, FieldDef>()
  for (const f of msg.fields) {
    checkFieldNumber(f, msg, fqn, byNumber)
    checkDefault(f, fqn, table)
  }
  for (const o of msg.oneofs.keys()) {
    if (!msg.fields.some((f) => f.oneof === o)) fail(`oneof "${msg.oneofs[o]?.name}" in message ${fqn} has no fields`, msg.oneofs[o]?.line)
  }
  for (const x of msg.extensions) checkExtension(x, table)
  for (const m of msg.messages) checkMessage(m, fqn, file, table)
  for (const e of msg.enums) checkEnum(e, fqn, file)
}

/** An enum field's default must name one of its values. */
const checkDefault = (f: FieldDef, fqn: string, table: SymbolTable): void => {
  if (f.defaultValue === undefined || f.type.kind !== 'enum' || !f.type.resolved) return
  const en = table.get(f.type.resolved)?.enumDef
  if (en && !en.values.some((v) => v.name === f.defaultValue)) {
    fail(`default value "${f.defaultValue}" of field "${f.name}" in message ${fqn} is not a value of enum ${f.type.resolved}`, f.line)
  }
}

const checkExtension = (x: FieldDef, table: SymbolTable): void => {
  const target = x.extendee?.resolved ? table.get(x.extendee.resolved)?.message : undefined
  if (!target) return
  if (!inRanges(x.number, target.extensionRanges)) {
    fail(`extension "${x.name}" uses number ${x.number}, which ${x.extendee?.resolved} does not declare as an extension range`, x.line)
  }
}

const allowsAlias = (en: EnumDef): boolean => en.options.some((o) => o.name === 'allow_alias' && o.value.kind === 'ident' && o.value.value === 'true')

const checkEnum = (en: EnumDef, scope: string, file: ProtoFile): void => {
  const fqn = join(scope, en.name)
  if (en.values.length === 0) fail(`enum ${fqn} must contain at least one value`, en.line)
  checkUniqueNames(en.values, `enum ${fqn}`)
  if (file.syntax === 'proto3' && en.values[0]?.number !== 0) fail(`the first value of enum ${fqn} must be 0 in proto3`, en.values[0]?.line)
  const byNumber = new Map<number, string>()
  for (const v of en.values) {
    const other = byNumber.get(v.number)
    if (other !== undefined && !allowsAlias(en)) {
      fail(`"${v.name}" uses the same number ${v.number} as "${other}" in enum ${fqn} (set option allow_alias = true to allow it)`, v.line)
    }
    byNumber.set(v.number, v.name)
    if (inRanges(v.number, en.reservedRanges)) fail(`value "${v.name}" in enum ${fqn} uses reserved number ${v.number}`, v.line)
    if (en.reservedNames.includes(v.name)) fail(`value "${v.name}" in enum ${fqn} uses a reserved name`, v.line)
  }
}

/** Throws INVALID_SCHEMA for the first rule the main file breaks. */
export const validateFile = (file: ProtoFile, table: SymbolTable): void => {
  const pkg = file.package ?? ''
  checkUniqueNames([...file.messages.filter((m) => !m.group), ...file.enums, ...file.services, ...file.extensions], pkg ? `package ${pkg}` : 'the file')
  for (const m of file.messages) checkMessage(m, pkg, file, table)
  for (const e of file.enums) checkEnum(e, pkg, file)
  for (const x of file.extensions) checkExtension(x, table)
  for (const s of file.services) checkUniqueNames(s.methods, `service ${join(pkg, s.name)}`)
}
