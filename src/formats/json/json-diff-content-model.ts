import type { Additional, ArrayNode, ObjectNode, SchemaNode } from './json-model.js'

// Content models, shared by properties and tuple items. Open: anything may appear beyond what is
// declared; closed: nothing may; partially open: what appears must match a schema.

const isOpenAdditional = (a: Additional): boolean => a.permits && a.schema === undefined

/** `unevaluated*` only matters where `additional*` leaves the rest open. */
export const isOpenModel = (schema: ObjectNode | ArrayNode): boolean =>
  (schema.kind === 'array' || schema.patternProperties.length === 0) && isOpenAdditional(schema.additional) && isOpenAdditional(schema.unevaluated)

/** JavaScript's reading of a Java pattern; one it cannot read matches nothing. */
const matches = (pattern: string, name: string): boolean => {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags).test(name)
    } catch {
      // try the next reading
    }
  }
  return false
}

/** The schema a partially open model gives an undeclared property (or item) of that name. */
export const partialSchemaFor = (schema: ObjectNode | ArrayNode, name?: string): SchemaNode | undefined => {
  if (schema.kind === 'object' && name !== undefined) {
    const pattern = schema.patternProperties.find(([p]) => matches(p, name))
    if (pattern) return pattern[1]
  }
  if (schema.additional.schema) return schema.additional.schema
  return schema.additional.permits ? schema.unevaluated.schema : undefined
}

/** Compares two `additional*`/`unevaluated*` keywords; `prefix` names the difference types. */
export const additionalChange = (original: Additional, update: Additional, prefix: string): string | undefined => {
  if (original.permits !== update.permits) return `${prefix}_${update.permits ? 'ADDED' : 'REMOVED'}`
  if (original.schema === undefined && update.schema !== undefined) return `${prefix}_NARROWED`
  if (original.schema !== undefined && update.schema === undefined) return `${prefix}_EXTENDED`
  return undefined
}
