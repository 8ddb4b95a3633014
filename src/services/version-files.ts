import { createHash } from 'node:crypto'
import { NO_BLOBS, type BlobStore } from '../blobs/blob-store.js'
import { contentKey, DELETED_SUFFIX, META_SUFFIX, purgedKey as purgedKeyOf, versionKey as versionKeyOf } from '../blobs/layout.js'
import type { Metadata, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'
import { qualifySubject, type SubjectRef } from '../domain/subjects.js'
import type { Formats } from '../formats/formats.js'

/** What a version's files hold (docs/EXTENSIONS.md §1). */
export interface VersionFile {
  subject: SubjectRef
  version: number
  id: number
  schemaType: SchemaType
  /** The stored text: what the Confluent raw-schema route serves. */
  schema: string
  references: SchemaReference[]
  metadata: Metadata | null
  ruleSet: RuleSet | null
  guid: string
  registeredAt: Date
}

/**
 * The versioned files of every registration: content by hash, the version's text and its metadata,
 * a marker for a soft delete, and a purge that moves a version's files aside so its number can be
 * used again. Objects are created, never overwritten; everything is written before the database
 * commits, so a store that cannot be written fails the request and leaves the database as it was.
 */
export const createVersionFiles = ({ blobs, formats }: { blobs: BlobStore; formats: Formats }) => {
  // with BLOB_STORE=none nothing is hashed, serialized or looked up for files that are never written
  const enabled = blobs !== NO_BLOBS
  const ext = (type: SchemaType) => formats.get(type).fileExtension
  const versionKey = (ref: SubjectRef, version: number, suffix: string) => versionKeyOf(ref.context, ref.name, version, suffix)
  const purgedKey = (ref: SubjectRef, version: number, suffix: string, stamp: number) => purgedKeyOf(ref.context, ref.name, version, suffix, stamp)

  /**
   * Moves the version's files to `purged/` under one stamp, whatever their names (a file left by a
   * lost write of another format included), except the suffixes in `keep`.
   */
  const moveAside = async (ref: SubjectRef, version: number, keep: ReadonlySet<string> = new Set()) => {
    const prefix = versionKey(ref, version, '')
    const stamp = Date.now()
    for (const key of await blobs.list(prefix)) {
      const suffix = key.slice(prefix.length)
      if (!keep.has(suffix)) await blobs.move(key, purgedKey(ref, version, suffix, stamp))
    }
  }

  /**
   * Creates a version file. One already there with other content was left by a write whose
   * transaction never committed (the number is free in the database): it is moved aside, not
   * overwritten. The same content is simply reused.
   */
  const put = async (ref: SubjectRef, version: number, suffix: string, body: string, contentType: string) => {
    const key = versionKey(ref, version, suffix)
    if ((await blobs.create(key, body, contentType)) === 'created') return
    if ((await blobs.read(key)) === body) return
    await blobs.move(key, purgedKey(ref, version, suffix, Date.now()))
    await blobs.create(key, body, contentType)
  }

  return {
    /** The locator of a version's schema file; empty when files are not kept. Never touches the store. */
    locator: (ref: SubjectRef, version: number, type: SchemaType): string => blobs.locator(versionKey(ref, version, ext(type))),

    /**
     * Writes the content file and the version's schema and metadata files. They are written at once:
     * each has a name of its own, and what goes aside is only what has none of those names, so no
     * write depends on another (on PGlite they are written while the store's one connection waits).
     */
    async writeVersion(f: VersionFile): Promise<void> {
      if (!enabled) return
      const hash = createHash('sha256').update(f.schema).digest('hex')
      const meta = {
        id: f.id,
        subject: qualifySubject(f.subject),
        version: f.version,
        schemaType: f.schemaType,
        references: f.references,
        metadata: f.metadata,
        ruleSet: f.ruleSet,
        guid: f.guid,
        registeredAt: f.registeredAt.toISOString(),
      }
      const writes = [
        blobs.create(contentKey(f.subject.context, hash, ext(f.schemaType)), f.schema, 'text/plain; charset=utf-8'),
        // a fresh version: anything else at its number (another format's text, a marker) was left by a
        // lost write and goes aside; the text and metadata are reused or moved aside by `put`
        moveAside(f.subject, f.version, new Set([ext(f.schemaType), META_SUFFIX])),
        put(f.subject, f.version, ext(f.schemaType), f.schema, 'text/plain; charset=utf-8'),
        put(f.subject, f.version, META_SUFFIX, `${JSON.stringify(meta, null, 2)}\n`, 'application/json'),
      ]
      // every write settles before the request goes on: a failed one fails it, and none is left running
      const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected')
      if (failed) throw failed.reason
    },

    /**
     * A soft delete adds a marker beside the version's files. A marker already there was left by a
     * soft delete whose transaction never committed: like any version file it is moved aside, so
     * the marker tells when the delete that committed happened.
     */
    async markDeleted(ref: SubjectRef, version: number, at: Date): Promise<void> {
      if (!enabled) return
      await put(ref, version, DELETED_SUFFIX, `${JSON.stringify({ deletedAt: at.toISOString() })}\n`, 'application/json')
    },

    /** A permanent delete (or an IMPORT overwrite) moves every file of the version to `purged/`. */
    async purge(ref: SubjectRef, version: number): Promise<void> {
      if (!enabled) return
      await moveAside(ref, version)
    },
  }
}

export type VersionFiles = ReturnType<typeof createVersionFiles>
