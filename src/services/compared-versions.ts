import type { RegistryConfig } from '../domain/config.js'
import type { CompatibilityLevel } from '../domain/levels.js'
import { metadataProperty } from '../domain/metadata.js'
import type { StoreReader, VersionRow } from '../storage/registry-store.js'
import { versionsToCheck } from './compatibility-service.js'
import type { PreparedSchema } from './content-service.js'

/**
 * The live versions a check compares the candidate with: with a `compatibilityGroup`, only those
 * whose metadata property of that name equals the candidate's; then what the level needs (none for
 * NONE, the latest, or all), so only those are loaded and parsed.
 */
export const comparedVersions = async (
  reader: StoreReader,
  candidate: PreparedSchema,
  live: VersionRow[],
  cfg: RegistryConfig,
  level: CompatibilityLevel,
): Promise<VersionRow[]> => {
  const group = cfg.compatibilityGroup
  if (!group) return versionsToCheck(level, live)
  const value = metadataProperty(candidate.metadata, group)
  const rows = await Promise.all(live.map((v) => reader.schemaById(v.context, v.schemaId)))
  return versionsToCheck(
    level,
    live.filter((_, i) => metadataProperty(rows[i]?.metadata ?? null, group) === value),
  )
}
