import { z } from 'zod'
import { invalidSchema } from '../../errors/registry-error.js'

/*
 * protolock's `proto.lock` (github.com/nilslice/protolock, parse.go): one definition per `.proto`
 * file, each the file's package, imports, top-level messages (nested ones inside their parent) and
 * every enum of the file, nested enums named `Parent.Enum`. Go writes it with `omitempty`, so false,
 * zero and empty values are absent. Unknown keys are ignored; options are read and dropped (§print).
 */

// names go into .proto text: only what the language allows, so nothing else can be written there
const ident = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a Protobuf identifier')
/** A (possibly qualified) name: `.pkg.Type`, `Outer.Inner`; extensions are named after their extendee. */
const dotted = z.string().regex(/^\.?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'not a Protobuf name')

const field = z.object({
  id: z.number().int().positive(),
  name: ident,
  type: dotted,
  is_repeated: z.boolean().optional(),
  optional: z.boolean().optional(),
  required: z.boolean().optional(),
  oneof_parent: ident.optional(),
})

const mapField = z.object({ key_type: ident, field: field.omit({ is_repeated: true, optional: true, required: true, oneof_parent: true }) })

const reserved = { reserved_ids: z.array(z.number().int()).optional(), reserved_names: z.array(ident).optional() }

export type LockField = z.infer<typeof field>
export type LockMap = z.infer<typeof mapField>

export interface LockMessage {
  name: string
  fields?: LockField[]
  maps?: LockMap[]
  reserved_ids?: number[]
  reserved_names?: string[]
  messages?: LockMessage[]
}

const message: z.ZodType<LockMessage> = z.lazy(() =>
  z.object({ name: dotted, fields: z.array(field).optional(), maps: z.array(mapField).optional(), ...reserved, messages: z.array(message).optional() }),
)

const option = z.object({ name: z.string().optional(), value: z.string().optional() })

const enumDef = z.object({
  name: dotted,
  // the value 0 is absent from `integer` (omitempty)
  enum_fields: z.array(z.object({ name: ident, integer: z.number().int().optional() })).optional(),
  ...reserved,
  allow_alias: z.boolean().optional(),
  options: z.array(option).optional(),
})
export type LockEnum = z.infer<typeof enumDef>

const definition = z.object({
  protopath: z.string().optional(),
  def: z.object({
    enums: z.array(enumDef).optional(),
    messages: z.array(message).optional(),
    imports: z.array(z.object({ path: z.string().regex(/^[^"\\\n]+$/, 'not an import path') })).optional(),
    package: z.object({ name: dotted.optional() }).optional(),
  }),
})
export type LockDefinition = z.infer<typeof definition>

const lock = z.object({ definitions: z.array(definition).min(1) })

/** The document as protolock writes it; INVALID_SCHEMA naming the first thing out of shape. */
export const readProtoLock = (document: unknown): LockDefinition[] => {
  const parsed = lock.safeParse(document)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw invalidSchema(`Invalid proto.lock: ${issue.path.join('.') || 'the document'}: ${issue.message}`)
  }
  return parsed.data.definitions
}

/** `a:/:b.proto`: protolock's path separator, for messages that name a definition. */
export const protopathOf = (d: LockDefinition): string => (d.protopath ?? '').split(':/:').join('/')

/** What the live schema declares, for choosing among a lock's definitions. */
export interface LiveNames {
  package?: string
  messages: string[]
}

/**
 * The definition the status check compares: the only one, or the one declaring most of the live
 * schema's top-level messages (the same package breaks ties). A lock of several files without any
 * of those messages says nothing about the subject: INVALID_SCHEMA.
 */
export const pickDefinition = (definitions: LockDefinition[], live: LiveNames | undefined): LockDefinition => {
  if (definitions.length === 1) return definitions[0]!
  const wanted = new Set(live?.messages ?? [])
  const score = (d: LockDefinition) => {
    const matches = (d.def.messages ?? []).filter((m) => wanted.has(m.name)).length
    return matches === 0 ? 0 : matches * 2 + (d.def.package?.name === live?.package ? 1 : 0)
  }
  let best: LockDefinition | undefined
  let bestScore = 0
  for (const d of definitions) {
    const s = score(d)
    if (s > bestScore) [best, bestScore] = [d, s]
  }
  if (!best) {
    const names = [...wanted].join(', ') || 'none'
    throw invalidSchema(`Invalid proto.lock: none of its ${definitions.length} definitions declares a message of the live schema (${names})`)
  }
  return best
}
