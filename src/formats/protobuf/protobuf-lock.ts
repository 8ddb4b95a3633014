import { invalidSchema } from '../../errors/registry-error.js'
import type { ParsedSchema } from '../format-plugin.js'
import type { Syntax } from './protobuf-model.js'
import { pickDefinition, protopathOf, readProtoLock, type LiveNames, type LockDefinition, type LockEnum, type LockField, type LockMessage } from './protobuf-lock-read.js'
import type { ProtoSchema } from './protobuf-schema.js'

/*
 * A proto.lock definition written back as `.proto` text, which the plugin then parses like any
 * schema, so a lock is checked by exactly the rules a registered schema is. Options are dropped:
 * protolock keeps their values as bare source text (a string cannot be told from an identifier),
 * and no option changes what a reader can decode. Services are dropped too: they are no data.
 */

interface Nested extends LockMessage {
  /** The file's enums that protolock names `<this message>.<Enum>`. */
  enums: LockEnum[]
  messages: Nested[]
}

/** protolock lists nested enums with the files' enums as `Parent.Enum`: put each back in its parent. */
const nestEnums = (messages: LockMessage[], enums: LockEnum[]): { top: Nested[]; topEnums: LockEnum[] } => {
  const build = (m: LockMessage): Nested => ({ ...m, enums: [], messages: (m.messages ?? []).map(build) })
  const top = messages.map(build)
  const find = (list: Nested[], name: string): Nested | undefined => {
    for (const m of list) {
      const hit = m.name === name ? m : find(m.messages, name)
      if (hit) return hit
    }
    return undefined
  }
  const topEnums: LockEnum[] = []
  for (const e of enums) {
    const dot = e.name.lastIndexOf('.')
    if (dot < 0) {
      topEnums.push(e)
      continue
    }
    const parent = find(top, e.name.slice(0, dot))
    if (!parent) throw invalidSchema(`Invalid proto.lock: the enum ${e.name} names no message of its file`)
    parent.enums.push({ ...e, name: e.name.slice(dot + 1) })
  }
  return { top, topEnums }
}

const reservedLines = (pad: string, ids: number[] | undefined, names: string[] | undefined): string[] => [
  ...(ids && ids.length > 0 ? [`${pad}reserved ${ids.join(', ')};`] : []),
  ...(names && names.length > 0 ? [`${pad}reserved ${names.map((n) => `"${n}"`).join(', ')};`] : []),
]

const printEnum = (e: LockEnum, pad: string): string[] => {
  const alias = e.allow_alias === true || (e.options ?? []).some((o) => o.name === 'allow_alias' && o.value === 'true')
  return [
    `${pad}enum ${e.name} {`,
    ...(alias ? [`${pad}  option allow_alias = true;`] : []),
    ...reservedLines(`${pad}  `, e.reserved_ids, e.reserved_names),
    ...(e.enum_fields ?? []).map((v) => `${pad}  ${v.name} = ${v.integer ?? 0};`),
    `${pad}}`,
  ]
}

const label = (f: LockField, syntax: Syntax): string => {
  if (f.is_repeated) return 'repeated '
  if (f.required) return 'required '
  // proto2 needs a label on every field; protolock records none for a proto3 implicit field
  if (f.optional || syntax === 'proto2') return 'optional '
  return ''
}

const printMessage = (m: Nested, pad: string, syntax: Syntax): string[] => {
  const inner = `${pad}  `
  const body: string[] = reservedLines(inner, m.reserved_ids, m.reserved_names)
  const printedOneofs = new Set<string>()
  const fields = m.fields ?? []
  for (const f of fields) {
    if (f.oneof_parent === undefined) {
      body.push(`${inner}${label(f, syntax)}${f.type} ${f.name} = ${f.id};`)
      continue
    }
    // a oneof is printed once, where its first member stands, with all its members
    if (printedOneofs.has(f.oneof_parent)) continue
    printedOneofs.add(f.oneof_parent)
    const members = fields.filter((o) => o.oneof_parent === f.oneof_parent)
    body.push(`${inner}oneof ${f.oneof_parent} {`, ...members.map((o) => `${inner}  ${o.type} ${o.name} = ${o.id};`), `${inner}}`)
  }
  for (const map of m.maps ?? []) body.push(`${inner}map<${map.key_type}, ${map.field.type}> ${map.field.name} = ${map.field.id};`)
  for (const e of m.enums) body.push(...printEnum(e, inner))
  for (const n of m.messages) body.push(...printMessage(n, inner, syntax))
  return [`${pad}message ${m.name} {`, ...body, `${pad}}`]
}

const anyRequired = (messages: LockMessage[]): boolean => messages.some((m) => (m.fields ?? []).some((f) => f.required) || anyRequired(m.messages ?? []))

/** The `.proto` text of one definition; `required` fields make it proto2, else the live schema's syntax. */
export const printLockDefinition = (d: LockDefinition, liveSyntax: Syntax | undefined): string => {
  // protolock writes an `extend X { ... }` block as a message named after its extendee: not data of this file
  const messages = (d.def.messages ?? []).filter((m) => !m.name.includes('.'))
  const syntax: Syntax = anyRequired(messages) ? 'proto2' : (liveSyntax ?? 'proto3')
  const { top, topEnums } = nestEnums(messages, d.def.enums ?? [])
  if (top.length === 0 && topEnums.length === 0) throw invalidSchema(`Invalid proto.lock: the definition ${protopathOf(d) || '(unnamed)'} declares no message or enum`)
  const packageName = d.def.package?.name
  return [
    `syntax = "${syntax}";`,
    ...(packageName ? [`package ${packageName};`] : []),
    ...(d.def.imports ?? []).map((i) => `import "${i.path}";`),
    ...topEnums.flatMap((e) => printEnum(e, '')),
    ...top.flatMap((m) => printMessage(m, '', syntax)),
    '',
  ].join('\n')
}

/** The live schema's package and top-level messages, when it is Protobuf. */
const liveNamesOf = (live: ParsedSchema | undefined): (LiveNames & { syntax: Syntax }) | undefined => {
  if (live?.type !== 'PROTOBUF') return undefined
  const { main } = live.value as ProtoSchema
  return { package: main.package, messages: main.messages.map((m) => m.name), syntax: main.syntax }
}

/**
 * A proto.lock document as `.proto` text (docs/EXTENSIONS.md §7): the definition that declares the
 * live schema's messages (or the lock's only one). INVALID_SCHEMA when the document is not a lock or
 * no definition fits.
 */
export const protoLockSchema = (document: unknown, live: ParsedSchema | undefined): string => {
  const names = liveNamesOf(live)
  return printLockDefinition(pickDefinition(readProtoLock(document), names), names?.syntax)
}
