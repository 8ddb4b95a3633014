import { describeWithRoles, SENTENCE_KINDS, type CompatibilityResult, type DirectedIncompatibility } from '../../../services/compatibility-result.js'

// Confluent's SchemaValidatorBuilder names the schema being checked "new" and the stored one "old".
const ROLES = { candidate: 'new', earlier: 'old' }

/**
 * One difference as Confluent prints it: Avro's Difference (it carries additionalInfo) in single
 * quotes, JSON Schema's and Protobuf's in double quotes, sentences as they are.
 */
export const confluentDifference = (i: DirectedIncompatibility): string => {
  const description = describeWithRoles(i, ROLES)
  if (SENTENCE_KINDS.has(i.kind)) return description
  if (i.info !== undefined) return `{errorType:'${i.kind}', description:'${description}', additionalInfo:'${i.info}'}`
  return `{errorType:"${i.kind}", description:"${description}"}`
}

/**
 * Confluent's verbose compatibility messages: the differences, then the version compared, its
 * schema, and the config that applied; a parse error alone; nothing when compatible.
 */
export const confluentCompatibilityMessages = (result: CompatibilityResult): string[] => {
  if (result.invalid !== undefined) return [result.invalid]
  if (result.compatible) return []
  const compared = result.compared ? [`{oldSchemaVersion: ${result.compared.version}}`, `{oldSchema: '${result.compared.schema}'}`] : []
  return [...result.incompatibilities.map(confluentDifference), ...compared, `{validateFields: '${result.validateFields}', compatibility: '${result.level}'}`]
}

/** The message of Confluent's 409 for a registration the compatibility rules reject. */
export const confluentIncompatibleSchemaMessage = ({ subject, report }: { subject: string; report: CompatibilityResult }): string =>
  `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${confluentCompatibilityMessages(report).join(', ')}]`
