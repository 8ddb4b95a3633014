import type { AuditActor } from '../domain/audit.js'
import type { SchemaType } from '../domain/schema-types.js'
import { qualifySubject, requireSubject, scopeKey, type SubjectRef } from '../domain/subjects.js'
import { invalidSchema, isRegistryError, RegistryError } from '../errors/registry-error.js'
import type { Formats } from '../formats/formats.js'
import type { RegistryStore } from '../storage/registry-store.js'
import type { DirectedIncompatibility } from './compatibility-result.js'
import type { ConfigService } from './config-service.js'
import { importGraph } from './import-graph.js'
import type { Policy } from './policy.js'
import type { RegisterResult, RegisterService } from './register-service.js'

export interface PublishInput {
  /** Where the root goes; every other file goes to the subject named by its path, in the same context. */
  subject: SubjectRef
  schemaType: SchemaType
  /** File texts by path: the paths the files' imports name. */
  files: ReadonlyMap<string, string>
  /** The path of the root file, a key of `files`. */
  root: string
  normalize: boolean
  /** Register even what the levels reject; each file's answer says what its check found (docs/EXTENSIONS.md §6). */
  force?: boolean
}

export interface PublishedFile {
  path: string
  /** Qualified outside the default context. */
  subject: string
  id: number
  version: number
  /** False when the content was already live under the subject and nothing was written. */
  created: boolean
  /** Only for a forced publish: what the file's compatibility check found. */
  warnings?: DirectedIncompatibility[]
}

export interface PublishResult {
  /** The root's registration, as a single registration answers it. */
  root: RegisterResult
  /** Every file, each after the files it imports; the root last. */
  files: PublishedFile[]
}

type Deps = {
  store: RegistryStore
  formats: Formats
  registrar: RegisterService
  config: ConfigService
}

/** The error again, its reason prefixed with the file's path; errors whose data name a subject already are left alone. */
const withFile = (path: string, e: unknown): unknown => {
  if (!isRegistryError(e) || !('reason' in e.details) || typeof e.details.reason !== 'string') return e
  return new RegistryError(e.kind, { ...e.details, reason: `${path}: ${e.details.reason}` } as never, { cause: e })
}

/** Says which file a failure is about (a broken file, a READONLY subject). */
const namingFile = async <T>(path: string, run: () => Promise<T>): Promise<T> => {
  try {
    return await run()
  } catch (e) {
    throw withFile(path, e)
  }
}
const namingFileNow = <T>(path: string, run: () => T): T => {
  try {
    return run()
  } catch (e) {
    throw withFile(path, e)
  }
}

/** A file's subject: its path, in the root's context. A path that is not a plain subject name is refused. */
const subjectOfPath = (path: string, context: string): SubjectRef => {
  const ref = requireSubject(path, context)
  if (ref.name !== path || ref.context !== context) throw invalidSchema(`The file path ${path} is not a plain subject name`)
  return ref
}

/** How a reference names a file's subject: by its path in the root's context (an alias may lead elsewhere). */
const sameContextName = (ref: SubjectRef, root: SubjectRef) => (ref.context === root.context ? ref.name : qualifySubject(ref))

/**
 * Publishing a set of files (docs/EXTENSIONS.md §9): every file the root imports, directly or not, is
 * registered under the subject named by its path, with references wired from its imports, then the
 * root under the request's subject, all in one transaction. Each is an ordinary registration (levels,
 * modes, reuse of content already live), so the same set again writes nothing.
 */
export const createPublishService = ({ store, formats, registrar, config }: Deps) => {
  /** Each file's subject (the root's is `rootRef`), aliases followed as a registration follows them; two files may not share one. */
  const subjectsOf = async (order: string[], root: string, rootRef: SubjectRef): Promise<Map<string, SubjectRef>> => {
    const refs = new Map<string, SubjectRef>()
    const taken = new Set<string>()
    for (const path of order) {
      const ref = path === root ? rootRef : await config.aliasOf(subjectOfPath(path, rootRef.context))
      if (taken.has(scopeKey(ref))) throw invalidSchema(`${path}: subject ${qualifySubject(ref)} would hold two files of the set`)
      taken.add(scopeKey(ref))
      refs.set(path, ref)
    }
    return refs
  }

  return {
    /** Throws INVALID_SCHEMA for a set that cannot be wired, and whatever a registration throws; then nothing is written. */
    async publish(input: PublishInput, policy: Policy, actor?: AuditActor): Promise<PublishResult> {
      const plugin = formats.get(input.schemaType)
      const fileImports = plugin.fileImports
      if (!fileImports) throw invalidSchema(`Schema type ${input.schemaType} does not take a set of files`)
      if (!input.files.has(input.root)) throw invalidSchema(`The root ${input.root} is not one of the files`)
      const graph = importGraph(input.files, input.root, (path, text) => namingFileNow(path, () => fileImports(text)))
      const rootRef = await config.aliasOf(input.subject)
      const refs = await subjectsOf(graph.order, input.root, rootRef)
      return store.transaction(async (tx) => {
        // the subjects' locks in one order (the key registerIn takes, which then holds it already): two
        // publishes that share files wait for each other instead of deadlocking
        for (const key of [...refs.values()].map(scopeKey).sort()) await tx.lock(`subject:${key}`)
        const done = new Map<string, RegisterResult>()
        const files: PublishedFile[] = []
        for (const path of graph.order) {
          const ref = refs.get(path)!
          const references = graph.imports.get(path)!.map((name) => ({ name, subject: sameContextName(refs.get(name)!, rootRef), version: done.get(name)!.version }))
          // an imported file is reused only where it is its subject's latest version (§9); the root registers as any schema
          const given = {
            subject: ref,
            schema: input.files.get(path)!,
            schemaType: input.schemaType,
            references,
            normalize: input.normalize,
            force: input.force,
            asLatest: path !== input.root,
          }
          const result = await namingFile(path, () => registrar.registerIn(tx, given, policy, actor))
          done.set(path, result)
          files.push({
            path,
            subject: qualifySubject(ref),
            id: result.id,
            version: result.version,
            created: result.created,
            ...(result.warnings ? { warnings: result.warnings } : {}),
          })
        }
        return { root: done.get(input.root)!, files }
      })
    },
  }
}

export type PublishService = ReturnType<typeof createPublishService>
