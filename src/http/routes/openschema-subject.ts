import { qualifySubject, type SubjectRef } from '../../domain/subjects.js'
import type { Registry } from '../../services/registry.js'
import { openSchemaSubject } from '../presenters/openschema-presenter.js'

/** OpenSchema's Subject object: attributes, effective level, and the latest live version's format. */
export const openSchemaSubjectOf = async (registry: Registry, ref: SubjectRef) => {
  const row = await registry.subjects.subject(ref)
  const level = (await registry.config.effectiveConfig(ref)).compatibilityLevel ?? 'BACKWARD'
  const latest = await registry.subjects.version(ref, { kind: 'latest' }, false).catch(() => undefined)
  return openSchemaSubject(qualifySubject(ref), row, level, latest?.schemaType)
}
