import { READER, WRITER } from '../format-plugin.js'
import type { Difference } from './json-difference.js'

// The description templates of Confluent's Difference.error(); its two `%s` (the schema doing the
// reading, then the one that wrote) stay placeholders: only the presenter knows which is "new".
const KEYWORD_ADDED_OR_REMOVED = new Set([
  'MAXIMUM_ADDED',
  'MINIMUM_ADDED',
  'EXCLUSIVE_MAXIMUM_ADDED',
  'EXCLUSIVE_MINIMUM_ADDED',
  'MULTIPLE_OF_ADDED',
  'MAX_LENGTH_ADDED',
  'MIN_LENGTH_ADDED',
  'PATTERN_ADDED',
  'REQUIRED_ATTRIBUTE_ADDED',
  'MAX_PROPERTIES_ADDED',
  'MIN_PROPERTIES_ADDED',
  'DEPENDENCY_ARRAY_ADDED',
  'DEPENDENCY_SCHEMA_ADDED',
  'MAX_ITEMS_ADDED',
  'MIN_ITEMS_ADDED',
  'MAX_CONTAINS_ADDED',
  'MIN_CONTAINS_ADDED',
  'UNIQUE_ITEMS_ADDED',
  'ADDITIONAL_ITEMS_REMOVED',
  'ADDITIONAL_PROPERTIES_REMOVED',
  'UNEVALUATED_PROPERTIES_REMOVED',
  'UNEVALUATED_ITEMS_REMOVED',
])
const VALUE_INCREASED = new Set([
  'MIN_LENGTH_INCREASED',
  'MINIMUM_INCREASED',
  'EXCLUSIVE_MINIMUM_INCREASED',
  'MIN_PROPERTIES_INCREASED',
  'MULTIPLE_OF_EXPANDED',
  'MIN_ITEMS_INCREASED',
  'MIN_CONTAINS_INCREASED',
])
const VALUE_DECREASED = new Set([
  'MAX_LENGTH_DECREASED',
  'MAXIMUM_DECREASED',
  'MAX_ITEMS_DECREASED',
  'MAX_CONTAINS_DECREASED',
  'EXCLUSIVE_MAXIMUM_DECREASED',
  'MAX_PROPERTIES_DECREASED',
])
const TYPE_NARROWED = new Set([
  'ADDITIONAL_ITEMS_NARROWED',
  'ENUM_ARRAY_NARROWED',
  'SUM_TYPE_NARROWED',
  'ADDITIONAL_PROPERTIES_NARROWED',
  'UNEVALUATED_PROPERTIES_NARROWED',
  'UNEVALUATED_ITEMS_NARROWED',
])
const VALUE_CHANGED = new Set(['PATTERN_CHANGED', 'MULTIPLE_OF_CHANGED', 'DEPENDENCY_ARRAY_CHANGED'])
const TYPE_CHANGED = new Set(['TYPE_CHANGED', 'TYPE_NARROWED', 'COMBINED_TYPE_CHANGED', 'COMBINED_TYPE_SUBSCHEMAS_CHANGED', 'ENUM_ARRAY_CHANGED'])
const TYPE_EXTENDED = new Set(['DEPENDENCY_ARRAY_EXTENDED', 'PRODUCT_TYPE_EXTENDED', 'SUM_TYPE_EXTENDED', 'NOT_TYPE_EXTENDED'])
const ADDED_TO_OPEN = new Set([
  'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_TO_OPEN_CONTENT_MODEL',
])

type Template = (path: string, reader: string, writer: string) => string

const GROUPS: ReadonlyArray<[ReadonlySet<string>, Template]> = [
  [KEYWORD_ADDED_OR_REMOVED, (p, r, w) => `The keyword at path '${p}' in the ${r} schema is not present in the ${w} schema`],
  [VALUE_INCREASED, (p, r, w) => `The value at path '${p}' in the ${r} schema is more than its value in the ${w} schema`],
  [VALUE_DECREASED, (p, r, w) => `The value at path '${p}' in the ${r} schema is less than its value in the ${w} schema`],
  [VALUE_CHANGED, (p, r, w) => `The value at path '${p}' is different between the ${r} and ${w} schema`],
  [TYPE_NARROWED, (p, r, w) => `An array or combined type at path '${p}' has fewer elements in the ${r} schema than the ${w} schema`],
  [TYPE_EXTENDED, (p, r, w) => `An array or combined type at path '${p}' has more elements in the ${r} schema than the ${w} schema`],
  [TYPE_CHANGED, (p, r, w) => `A type at path '${p}' is different between the ${r} schema and the ${w} schema`],
  [ADDED_TO_OPEN, (p, r, w) => `The ${r} schema has an open content model and has a property or item at path '${p}' which is missing in the ${w} schema`],
]

const SINGLE: Readonly<Record<string, Template>> = {
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: (p, r, w) =>
    `The ${r} schema has an unopen content model and has a required property at path '${p}' which is missing in the ${w} schema`,
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: (p, r, w) => `The ${r} schema has a closed content model and is missing a property or item present at path '${p}' in the ${w} schema`,
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (p, r, w) =>
    `A property or item is missing in the ${r} schema but present at path '${p}' in the ${w} schema and is not covered by its partially open content model`,
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: (p, r, w) =>
    `The ${r} schema has a property or item at path '${p}' which is missing in the ${w} schema and is not covered by its partially open content model`,
}
const SAME_AS: Readonly<Record<string, string>> = {
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
}

/**
 * Confluent's description, with the reader's and writer's roles left as placeholders; empty for the
 * types it has none for (as Confluent's is).
 */
export const describeDifference = (d: Difference): string => {
  const group = GROUPS.find(([types]) => types.has(d.type))
  const template = group?.[1] ?? SINGLE[SAME_AS[d.type] ?? d.type]
  return template ? template(d.path, READER, WRITER) : ''
}
