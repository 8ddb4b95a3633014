import type { AvroName } from './avro-model.js'

/** Avro Java's `Schema.Type` names: a short reference equal to one of these must be written in full. */
const TYPE_NAMES = new Set(['record', 'enum', 'array', 'map', 'union', 'fixed', 'string', 'bytes', 'int', 'long', 'float', 'double', 'boolean', 'null'])

// Java's Character.isLetter / isLetterOrDigit, which Avro's name validation uses.
const VALID_NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u

export const isValidName = (name: string): boolean => VALID_NAME.test(name)

/** Why `namespace` is not a valid dotted namespace, or undefined when it is. */
export const namespaceProblem = (namespace: string): string | undefined => {
  const bad = namespace.split('.').find((part) => !isValidName(part))
  return bad === undefined ? undefined : `invalid namespace '${namespace}'`
}

/**
 * Avro Java's `new Name(name, space)`: a dotted name carries its own namespace, an empty namespace
 * means none.
 */
export const makeName = (name: string, space: string | null): AvroName => {
  const dot = name.lastIndexOf('.')
  const ownSpace = dot < 0 ? space : name.slice(0, dot)
  const short = dot < 0 ? name : name.slice(dot + 1)
  const resolvedSpace = ownSpace === '' ? null : ownSpace
  return { name: short, space: resolvedSpace, full: resolvedSpace === null ? short : `${resolvedSpace}.${short}` }
}

/** Avro Java's `Name.getQualified`: the short name inside its own namespace, unless that is ambiguous. */
export const qualified = (name: AvroName, defaultSpace: string | null): string =>
  name.space !== null && name.space === defaultSpace && !TYPE_NAMES.has(name.name) ? name.name : name.full
