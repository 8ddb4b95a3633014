import { describe, expect, it } from 'vitest'
import { confluentCompatibilityMessages, confluentIncompatibleSchemaMessage } from '../../../src/http/dialects/confluent/compatibility-messages.js'
import { openSchemaCompatibilityMessages, openSchemaIncompatibleSchemaMessage } from '../../../src/http/dialects/openschema/compatibility-messages.js'
import type { CompatibilityResult, DirectedIncompatibility } from '../../../src/services/compatibility-result.js'

const avroMissingDefault: DirectedIncompatibility = {
  kind: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  path: '/fields/1',
  description: "The field 'x' at path '/fields/1' in the {reader} schema has no default value and is missing in the {writer} schema",
  info: 'x',
  direction: 'backward',
}
const jsonKeyword: DirectedIncompatibility = {
  kind: 'MAX_LENGTH_ADDED',
  path: '#/maxLength',
  description: "The keyword at path '#/maxLength' in the {reader} schema is not present in the {writer} schema",
  direction: 'forward',
}
const reservedRemoved: DirectedIncompatibility = {
  kind: 'RESERVED_FIELD_REMOVED',
  path: '/',
  description: "The {reader} schema has reserved field ssn removed from its metadata which is present in the {writer} schema's metadata.",
  direction: 'backward',
}

const failed = (incompatibilities: DirectedIncompatibility[], extra: Partial<CompatibilityResult> = {}): CompatibilityResult => ({
  compatible: false,
  incompatibilities,
  compared: { version: 3, schema: '"string"' },
  level: 'FULL',
  validateFields: false,
  ...extra,
})

describe('Confluent compatibility messages', () => {
  it('writes Avro findings in single quotes with additionalInfo, the reader of a backward check "new"', () => {
    expect(confluentCompatibilityMessages(failed([avroMissingDefault]))).toEqual([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'x' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'x'}",
      '{oldSchemaVersion: 3}',
      `{oldSchema: '"string"'}`,
      "{validateFields: 'false', compatibility: 'FULL'}",
    ])
  })

  it('writes other findings in double quotes, the reader of a forward check "old"', () => {
    expect(confluentCompatibilityMessages(failed([jsonKeyword]))[0]).toBe(
      `{errorType:"MAX_LENGTH_ADDED", description:"The keyword at path '#/maxLength' in the old schema is not present in the new schema"}`,
    )
  })

  it('writes sentences (schema type, reserved fields) alone, and no old version when none failed', () => {
    const typeMismatch: DirectedIncompatibility = { kind: 'SCHEMA_TYPE_MISMATCH', path: '/', description: 'Incompatible because of different schema type', direction: 'backward' }
    expect(confluentCompatibilityMessages(failed([typeMismatch]))[0]).toBe('Incompatible because of different schema type')
    expect(confluentCompatibilityMessages(failed([reservedRemoved], { compared: undefined, validateFields: true, level: 'BACKWARD' }))).toEqual([
      "The new schema has reserved field ssn removed from its metadata which is present in the old schema's metadata.",
      "{validateFields: 'true', compatibility: 'BACKWARD'}",
    ])
  })

  it('answers a parse error alone, and nothing when compatible', () => {
    expect(confluentCompatibilityMessages(failed([], { invalid: 'Invalid schema: boom', compared: undefined }))).toEqual(['Invalid schema: boom'])
    expect(confluentCompatibilityMessages({ compatible: true, incompatibilities: [], level: 'BACKWARD', validateFields: false })).toEqual([])
  })

  it('wraps the messages in the 409 text of a rejected registration', () => {
    expect(confluentIncompatibleSchemaMessage({ subject: 's', report: failed([jsonKeyword]) })).toBe(
      `Schema being registered is incompatible with an earlier schema for subject "s", details: [{errorType:"MAX_LENGTH_ADDED", description:"The keyword at path '#/maxLength' in the old schema is not present in the new schema"}, {oldSchemaVersion: 3}, {oldSchema: '"string"'}, {validateFields: 'false', compatibility: 'FULL'}]`,
    )
  })
})

describe('OpenSchema compatibility messages', () => {
  it('says which check failed against which version, the kind, where and why', () => {
    expect(openSchemaCompatibilityMessages(failed([avroMissingDefault, jsonKeyword]))).toEqual([
      "BACKWARD check against version 3 failed: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1: The field 'x' at path '/fields/1' in the new schema has no default value and is missing in the old schema",
      "FORWARD check against version 3 failed: MAX_LENGTH_ADDED at #/maxLength: The keyword at path '#/maxLength' in the old schema is not present in the new schema",
    ])
  })

  it('words reserved-field findings and parse errors on their own, and nothing when compatible', () => {
    expect(openSchemaCompatibilityMessages(failed([reservedRemoved], { compared: undefined }))).toEqual([
      "Reserved field check failed: RESERVED_FIELD_REMOVED: The new schema has reserved field ssn removed from its metadata which is present in the old schema's metadata.",
    ])
    expect(openSchemaCompatibilityMessages(failed([], { invalid: 'boom' }))).toEqual(['Invalid schema: boom'])
    expect(openSchemaCompatibilityMessages({ compatible: true, incompatibilities: [], level: 'NONE', validateFields: false })).toEqual([])
  })

  it('names the subject and the level in the 409 text', () => {
    expect(openSchemaIncompatibleSchemaMessage({ subject: 's', report: failed([jsonKeyword]) })).toMatch(
      /^The schema is incompatible with subject "s" under FULL: FORWARD check against version 3 failed: MAX_LENGTH_ADDED/,
    )
  })
})
