import { resolve, typeName, type AvroField, type AvroParsed, type AvroSchema, type EnumSchema, type FixedSchema, type NamedSchema, type RecordSchema } from './avro-model.js'
import type { AvroIncompatibilityKind, Finding } from './avro-messages.js'

/**
 * Apache Avro's schema resolution as Avro Java's `SchemaCompatibility` checks it (the checker
 * Confluent runs): the same findings, in the same order, at the same JSON-pointer locations.
 * Pairs are memoized by identity; a pair met again while still being checked counts as compatible,
 * which is what makes recursive types terminate.
 */

type Resolved = Exclude<AvroSchema, { kind: 'ref' }>
type Location = string[]

/** Thrown where Java throws (a reader field matching two writer fields); reported as Confluent does. */
export class ResolutionError extends Error {}

const IN_PROGRESS = Symbol('in progress')

class ResolutionChecker {
  private readonly memo = new Map<object, Map<object, Finding[] | typeof IN_PROGRESS>>()

  constructor(
    private readonly readerNames: Map<string, NamedSchema>,
    private readonly writerNames: Map<string, NamedSchema>,
  ) {}

  /** Java's public two-argument entry: a fresh location, sharing the memo. */
  check(reader: AvroSchema, writer: AvroSchema): Finding[] {
    return this.at('', reader, writer, [])
  }

  private at(token: string, reader: AvroSchema, writer: AvroSchema, loc: Location): Finding[] {
    loc.push(token)
    const r = resolve(reader, this.readerNames)
    const w = resolve(writer, this.writerNames)
    const byWriter = this.memo.get(r) ?? new Map<object, Finding[] | typeof IN_PROGRESS>()
    this.memo.set(r, byWriter)
    const cached = byWriter.get(w)
    let result: Finding[]
    if (cached === IN_PROGRESS) result = []
    else if (cached !== undefined) result = cached
    else {
      byWriter.set(w, IN_PROGRESS)
      result = this.calculate(r, w, loc)
      byWriter.set(w, result)
    }
    loc.pop()
    return result
  }

  private calculate(r: Resolved, w: Resolved, loc: Location): Finding[] {
    if (typeName(r) === typeName(w)) return this.sameType(r, w, loc)
    if (w.kind === 'union') return w.branches.flatMap((branch, i) => this.at(String(i), r, branch, loc))
    if (r.kind === 'union') {
      if (r.branches.some((branch) => this.check(branch, w).length === 0)) return []
      return [finding('MISSING_UNION_BRANCH', loc, `reader union lacking writer type: ${typeName(w)}`)]
    }
    return promotable(typeName(r), typeName(w)) ? [] : [typeMismatch(r, w, loc)]
  }

  private sameType(r: Resolved, w: Resolved, loc: Location): Finding[] {
    if (r.kind === 'array' && w.kind === 'array') return this.at('items', r.items, w.items, loc)
    if (r.kind === 'map' && w.kind === 'map') return this.at('values', r.values, w.values, loc)
    if (r.kind === 'fixed' && w.kind === 'fixed') return [...checkNames(r, w, loc), ...checkFixedSize(r, w, loc)]
    if (r.kind === 'enum' && w.kind === 'enum') return [...checkNames(r, w, loc), ...checkEnumSymbols(r, w, loc)]
    if (r.kind === 'record' && w.kind === 'record') return [...checkNames(r, w, loc), ...this.checkFields(r, w, loc)]
    if (r.kind === 'union' && w.kind === 'union') return this.unionBranches(r, w.branches, loc)
    return []
  }

  /** Each writer branch must be readable by the reader union; inner details are not reported. */
  private unionBranches(reader: AvroSchema, writerBranches: AvroSchema[], loc: Location): Finding[] {
    const out: Finding[] = []
    writerBranches.forEach((branch, i) => {
      loc.push(String(i))
      if (this.check(reader, branch).length > 0) {
        const type = typeName(resolve(branch, this.writerNames))
        out.push(finding('MISSING_UNION_BRANCH', loc, `reader union lacking writer type: ${type}`))
      }
      loc.pop()
    })
    return out
  }

  private checkFields(r: RecordSchema, w: RecordSchema, loc: Location): Finding[] {
    const out: Finding[] = []
    loc.push('fields')
    r.fields.forEach((readerField, i) => {
      loc.push(String(i))
      out.push(...this.checkField(readerField, w, loc))
      loc.pop()
    })
    loc.pop()
    return out
  }

  private checkField(readerField: AvroField, w: RecordSchema, loc: Location): Finding[] {
    const writerField = lookupWriterField(w, readerField)
    if (writerField !== undefined) return this.at('type', readerField.type, writerField.type, loc)
    if (readerField.default !== undefined) return []
    // Avro 1.10+: an enum with its own default is checked against the writer record (and fails).
    const type = resolve(readerField.type, this.readerNames)
    if (type.kind === 'enum' && type.default !== undefined) return this.at('type', type, w, loc)
    return [finding('READER_FIELD_MISSING_DEFAULT_VALUE', loc, readerField.name)]
  }
}

const finding = (kind: AvroIncompatibilityKind, loc: Location, info: string): Finding => ({
  kind,
  path: pointer(loc),
  info,
})

/** Java's `getLocation`: the root token dropped, JSON-pointer escaping applied. */
const pointer = (loc: Location): string =>
  `/${loc
    .slice(1)
    .map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/')}`

const typeMismatch = (r: Resolved, w: Resolved, loc: Location): Finding =>
  finding('TYPE_MISMATCH', loc, `reader type: ${typeName(r)} not compatible with writer type: ${typeName(w)}`)

const PROMOTIONS: Record<string, string[]> = {
  LONG: ['INT'],
  FLOAT: ['INT', 'LONG'],
  DOUBLE: ['INT', 'LONG', 'FLOAT'],
  BYTES: ['STRING'],
  STRING: ['BYTES'],
}

const promotable = (reader: string, writer: string): boolean => PROMOTIONS[reader]?.includes(writer) ?? false

/** Reader field by name, then by each reader alias; two matches is an error in Java too. */
const lookupWriterField = (w: RecordSchema, readerField: AvroField): AvroField | undefined => {
  const candidates = [readerField.name, ...readerField.aliases]
  const matches = candidates.map((n) => w.fields.find((f) => f.name === n)).filter((f) => f !== undefined)
  if (matches.length > 1) {
    throw new ResolutionError(`Reader record field ${readerField.name} matches multiple fields in writer record schema ${w.name.full}`)
  }
  return matches[0]
}

/** Unqualified names match, or a reader alias equals the writer's full name. */
const checkNames = (r: NamedSchema, w: NamedSchema, loc: Location): Finding[] => {
  const same = r.name.name === w.name.name || r.aliases.some((a) => a.full === w.name.full)
  return same ? [] : [finding('NAME_MISMATCH', [...loc, 'name'], `expected: ${w.name.full}`)]
}

const checkFixedSize = (r: FixedSchema, w: FixedSchema, loc: Location): Finding[] =>
  r.size === w.size ? [] : [finding('FIXED_SIZE_MISMATCH', [...loc, 'size'], `expected: ${w.size}, found: ${r.size}`)]

/** Writer symbols the reader lacks, sorted as Java's TreeSet prints them, unless the reader has a default. */
const checkEnumSymbols = (r: EnumSchema, w: EnumSchema, loc: Location): Finding[] => {
  const missing = [...new Set(w.symbols.filter((s) => !r.symbols.includes(s)))].sort()
  if (missing.length === 0) return []
  if (r.default !== undefined && r.symbols.includes(r.default)) return []
  return [finding('MISSING_ENUM_SYMBOLS', [...loc, 'symbols'], `[${missing.join(', ')}]`)]
}

/** Everything that keeps `reader` from decoding data written with `writer`; empty when compatible. */
export const resolutionFindings = (reader: AvroParsed, writer: AvroParsed): Finding[] => new ResolutionChecker(reader.names, writer.names).check(reader.root, writer.root)
