import { expect } from 'vitest'
import type { TestApp } from '../../support/test-app.js'

/** A distinct Avro record per name; `extra` adds optional fields (with defaults). */
export const rec = (name: string, extra: string[] = []) => ({
  type: 'record',
  name,
  fields: [{ name: 'id', type: 'string' }, ...extra.map((f) => ({ name: f, type: 'int', default: 0 }))],
})

export const reg = async (t: TestApp, subject: string, body: unknown): Promise<string> => {
  const res = await t.os('POST', `/subjects/${subject}/versions`, body)
  expect(res.statusCode, res.body).toBe(200)
  const id = res.json().id
  expect(typeof id).toBe('string')
  return id
}

export const avroBody = (name: string, extra: string[] = [], more: Record<string, unknown> = {}) => ({ serialization: 'AVRO', schemaDefinition: rec(name, extra), ...more })

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/

export const SUBJECT_KEYS = ['subject', 'tenant', 'namespace', 'app', 'description', 'status', 'compatibility', 'coordinate', 'format', 'createdTime', 'lastModifiedTime'].sort()
// the spec's nine keys plus `locator`, the version's file in the versioned file store (docs/EXTENSIONS.md §1)
export const SCHEMA_KEYS = ['id', 'subject', 'version', 'name', 'comment', 'serialization', 'schemaType', 'schemaDefinition', 'validator', 'locator'].sort()

/** Asserts an OpenSchema error: status, code and body keys. */
export const expectError = (res: { statusCode: number; body: string; json(): any; headers: Record<string, unknown> }, status: number, code: number) => {
  expect(res.statusCode, res.body).toBe(status)
  const body = res.json()
  expect(Object.keys(body).sort(), res.body).toEqual(['errorCode', 'errorMessage'])
  expect(body.errorCode, res.body).toBe(code)
  expect(typeof body.errorMessage).toBe('string')
}
