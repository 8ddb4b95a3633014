import { invalidSchema } from '../../errors/registry-error.js'
import type { FieldDef, MessageDef, ProtoFile, TypeRef } from './protobuf-model.js'
import { join, lookupName, type SymbolTable } from './protobuf-symbols.js'

interface ResolveContext {
  table: SymbolTable
  strict: boolean
}

const at = (line: number | undefined): string => (line ? ` (line ${line})` : '')

/** Resolves one type reference in a scope; unresolved names are errors only when parsing strictly. */
const resolveRef = (ctx: ResolveContext, ref: TypeRef, scope: string, what: string, line?: number): void => {
  if (ref.kind === 'scalar') return
  const found = lookupName(ctx.table, ref.written, scope)
  if ('error' in found) {
    if (ctx.strict) throw invalidSchema(`Invalid Protobuf schema: type ${found.error}, used by ${what}${at(line)}`)
    return
  }
  ref.resolved = found.fqn
  if (ref.kind !== 'group') ref.kind = found.symbol.kind === 'enum' ? 'enum' : 'message'
}

const resolveField = (ctx: ResolveContext, f: FieldDef, scope: string): void => {
  const owner = scope || 'the file'
  resolveRef(ctx, f.type, scope, `field "${f.name}" in ${owner}`, f.line)
  if (!f.extendee) return
  resolveRef(ctx, f.extendee, scope, `extension "${f.name}" in ${owner}`, f.line)
  if (f.extendee.kind === 'enum' && ctx.strict) {
    throw invalidSchema(`Invalid Protobuf schema: extension "${f.name}" extends "${f.extendee.written}", which is not a message${at(f.line)}`)
  }
}

const resolveMessage = (ctx: ResolveContext, msg: MessageDef, scope: string): void => {
  const fqn = join(scope, msg.name)
  for (const f of msg.fields) resolveField(ctx, f, fqn)
  for (const x of msg.extensions) resolveField(ctx, x, fqn)
  for (const m of msg.messages) resolveMessage(ctx, m, fqn)
}

/** Fills in every type reference of a file with the full name and kind it resolves to. */
export const resolveFile = (table: SymbolTable, file: ProtoFile, strict: boolean): void => {
  const ctx: ResolveContext = { table, strict }
  const pkg = file.package ?? ''
  for (const m of file.messages) resolveMessage(ctx, m, pkg)
  for (const x of file.extensions) resolveField(ctx, x, pkg)
  for (const s of file.services) {
    const scope = join(pkg, s.name)
    for (const m of s.methods) {
      resolveRef(ctx, m.input, scope, `method "${s.name}.${m.name}"`, m.line)
      resolveRef(ctx, m.output, scope, `method "${s.name}.${m.name}"`, m.line)
      if (ctx.strict && (m.input.kind === 'enum' || m.output.kind === 'enum')) {
        throw invalidSchema(`Invalid Protobuf schema: method "${s.name}.${m.name}" must take and return messages${at(m.line)}`)
      }
    }
  }
}
