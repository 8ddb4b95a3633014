import { qualifySubject, type SubjectRef } from '../../../domain/subjects.js'
import type { RouteDeps } from '../../routes/route-deps.js'
import { openSchemaSubject } from './objects.js'
import { openSchemaPolicy } from './policy.js'

/** OpenSchema's Subject object: attributes, effective level, and the latest live version's format. */
export const openSchemaSubjectOf = async ({ subjects, config }: Pick<RouteDeps, 'subjects' | 'config'>, ref: SubjectRef) => {
  const row = await subjects.subject(ref)
  const level = (await config.effectiveConfig(ref)).compatibilityLevel ?? 'BACKWARD'
  const latest = await subjects.version(ref, { kind: 'latest' }, false, openSchemaPolicy).catch(() => undefined)
  return openSchemaSubject(qualifySubject(ref), row, level, latest?.schemaType)
}
