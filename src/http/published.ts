import type { PublishResult } from '../services/publish-service.js'
import type { Presenter } from './dialects/dialect-module.js'
import { presentWarnings } from './warnings.js'

/**
 * The answer to publishing a set of files (docs/EXTENSIONS.md §9): the root's register answer in the
 * request's dialect, its `version` (OpenSchema's register answer has none), and every file, the root
 * last, with ids as the dialect writes them. A forced publish says, per file, what the check found.
 */
export const presentPublished = (present: Presenter, result: PublishResult) => ({
  ...(present.registered(result.root) as object),
  version: result.root.version,
  files: result.files.map((f) => ({
    path: f.path,
    subject: f.subject,
    id: present.id(f.id),
    version: f.version,
    ...(f.warnings ? { warnings: presentWarnings(f.warnings) } : {}),
  })),
})
