import { RegistryError } from '../../errors/registry-error.js'
import type { BlobStore } from '../blob-store.js'

/** The part of `@google-cloud/storage`'s `File` this store uses. */
export interface FileLike {
  save(data: string, options: { contentType: string; resumable: boolean; preconditionOpts: { ifGenerationMatch: number } }): Promise<unknown>
  download(): Promise<[Buffer]>
  /** `destination` is an object name in the same bucket (the client reads `gs://...` names as another bucket). */
  copy(destination: string, options: { preconditionOpts: { ifGenerationMatch: number } }): Promise<unknown>
  delete(options: { ignoreNotFound: boolean }): Promise<unknown>
}

/** The part of `@google-cloud/storage`'s `Bucket` this store uses; composition passes the real one. */
export interface BucketLike {
  file(name: string): FileLike
  getFiles(query: { prefix: string; autoPaginate: boolean }): Promise<[Array<{ name: string }>, ...unknown[]]>
}

export interface GcsBlobStoreOptions {
  bucket: BucketLike
  /** For locators only (`gs://<bucketName>/...`). */
  bucketName: string
  /** Put before every key as is: give it its trailing `/` (`registry/`), or `''` for none. */
  prefix: string
}

const storageError = (reason: string, cause?: unknown): RegistryError<'STORAGE_ERROR'> => new RegistryError('STORAGE_ERROR', { reason }, { cause })

/** The HTTP status of a failed request (the client's ApiError carries it as `code`). */
const statusOf = (e: unknown): unknown => (e as { code?: unknown } | undefined)?.code

// ifGenerationMatch 0: the request succeeds only when no object has the name, so GCS itself refuses to overwrite.
const CREATE_ONLY = { ifGenerationMatch: 0 }

/**
 * The versioned files in a Google Cloud Storage bucket (docs/EXTENSIONS.md §1, `BLOB_STORE=gcs`).
 * Create-only through the generation precondition: 412 means the object was already there.
 */
export const createGcsBlobStore = ({ bucket, bucketName, prefix }: GcsBlobStoreOptions): BlobStore => {
  const name = (key: string): string => `${prefix}${key}`
  const file = (key: string): FileLike => bucket.file(name(key))

  const read = async (key: string): Promise<string | undefined> => {
    try {
      const [content] = await file(key).download()
      return content.toString('utf8')
    } catch (e) {
      if (statusOf(e) === 404) return undefined
      throw storageError(`cannot read ${prefix}${key} from gs://${bucketName}`, e)
    }
  }

  return {
    locator: (key) => `gs://${bucketName}/${prefix}${key}`,

    async create(key, body, contentType) {
      try {
        // Not resumable: the files are small, and one request is one precondition check.
        await file(key).save(body, { contentType, resumable: false, preconditionOpts: CREATE_ONLY })
        return 'created'
      } catch (e) {
        if (statusOf(e) === 412) return 'exists'
        throw storageError(`cannot write ${prefix}${key} to gs://${bucketName}`, e)
      }
    },

    read,

    async list(keyPrefix) {
      try {
        const [files] = await bucket.getFiles({ prefix: `${prefix}${keyPrefix}`, autoPaginate: true })
        return files.map((f) => f.name.slice(prefix.length)).sort()
      } catch (e) {
        throw storageError(`cannot list ${prefix}${keyPrefix} in gs://${bucketName}`, e)
      }
    },

    async move(from, to) {
      try {
        await file(from).copy(name(to), { preconditionOpts: CREATE_ONLY })
      } catch (e) {
        if (statusOf(e) === 404) return // nothing to move
        if (statusOf(e) !== 412) throw storageError(`cannot move ${prefix}${from} to ${prefix}${to} in gs://${bucketName}`, e)
        // An existing target with the same content is an earlier move that stopped before the delete:
        // finish it. Any other target keeps its content, and so does the source.
        if ((await read(to)) !== (await read(from))) {
          throw storageError(`cannot move ${prefix}${from} to ${prefix}${to} in gs://${bucketName}: the target already exists with other content`, e)
        }
      }
      try {
        await file(from).delete({ ignoreNotFound: true })
      } catch (e) {
        throw storageError(`cannot remove ${prefix}${from} from gs://${bucketName}`, e)
      }
    },
  }
}
