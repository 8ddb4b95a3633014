import { randomUUID } from 'node:crypto'
import { linkSync, mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs'
import { readFile, stat, unlink } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { RegistryError } from '../../errors/registry-error.js'
import type { BlobStore } from '../blob-store.js'

/** Temporary files start with this; `list` skips them and no key may use it, so they never look like objects. */
const TEMP_MARK = '.~tmp-'

const storageError = (reason: string, cause?: unknown): RegistryError<'STORAGE_ERROR'> => new RegistryError('STORAGE_ERROR', { reason }, { cause })

const codeOf = (e: unknown): unknown => (e as { code?: unknown } | undefined)?.code

/**
 * The versioned files under a folder (docs/EXTENSIONS.md §1, `BLOB_STORE=fs`). Create-only without
 * locks: the content goes to a temporary file first, then `link` puts it under its key, and `link`
 * fails with EEXIST rather than replace an object, so concurrent writers never see half a file and
 * never overwrite each other.
 */
export const createFsBlobStore = (root: string): BlobStore => {
  const base = resolve(root)

  /** The absolute path of a key; refuses keys that would leave the root or collide with temporary files. */
  const pathOf = (key: string): string => {
    const segments = key.split('/')
    const bad = key === '' || isAbsolute(key) || key.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith(TEMP_MARK))
    if (bad) throw storageError(`the key ${JSON.stringify(key)} is not a relative path inside the file store`)
    return join(base, ...segments)
  }

  /** Links `source` to `target`'s key without replacing it: false when the target exists. Synchronous: see `create`. */
  const linkNew = (source: string, target: string): boolean => {
    mkdirSync(dirname(target), { recursive: true })
    try {
      linkSync(source, target)
      return true
    } catch (e) {
      if (codeOf(e) === 'EEXIST') return false
      throw e
    }
  }

  const read = async (key: string): Promise<string | undefined> => {
    const path = pathOf(key)
    try {
      return await readFile(path, 'utf8')
    } catch (e) {
      // A missing file, or a folder (or a file) where the key expects the other: no object by that key.
      if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes(codeOf(e) as string)) return undefined
      throw storageError(`cannot read ${key} from the file store`, e)
    }
  }

  /** Every key below a folder, recursively; a missing folder holds none. Synchronous: see `create`. */
  const walk = async (dir: string, keyPrefix: string): Promise<string[]> => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (e) {
      // No folder: no keys yet. A file where the prefix names a folder holds none either, but a root
      // that is a file is a broken store.
      if (codeOf(e) === 'ENOENT' || (codeOf(e) === 'ENOTDIR' && dir !== base)) return []
      throw e
    }
    const keys: string[] = []
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_MARK)) continue
      if (entry.isDirectory()) keys.push(...(await walk(join(dir, entry.name), `${keyPrefix}${entry.name}/`)))
      else if (entry.isFile()) keys.push(`${keyPrefix}${entry.name}`)
    }
    return keys
  }

  return {
    locator: (key) => `file://${pathOf(key)}`,

    // Synchronous calls: a version's files are small and written while the request holds its
    // transaction (on PGlite the store's one connection), and on a busy machine each round trip
    // through libuv's thread pool cost milliseconds more than the call itself (bench/README.md).
    async create(key, body) {
      const path = pathOf(key)
      const temp = join(dirname(path), `${TEMP_MARK}${randomUUID()}`)
      try {
        mkdirSync(dirname(path), { recursive: true })
        writeFileSync(temp, body, { flag: 'wx' })
        if (linkNew(temp, path)) return 'created'
        // EEXIST also comes from a folder by that name (a key that is another key's prefix folder),
        // which holds no object that `read` could return.
        if ((await stat(path)).isFile()) return 'exists'
        throw new Error(`${path} is a folder`)
      } catch (e) {
        throw storageError(`cannot write ${key} to the file store`, e)
      } finally {
        try {
          unlinkSync(temp)
        } catch {
          // never written, or already gone
        }
      }
    },

    read,

    async list(prefix) {
      // Walk only the deepest folder the prefix names; the prefix may end inside a file or folder name.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : ''
      const start = folder === '' ? base : pathOf(folder.slice(0, -1))
      try {
        const keys = await walk(start, folder)
        return keys.filter((k) => k.startsWith(prefix)).sort()
      } catch (e) {
        throw storageError(`cannot list ${JSON.stringify(prefix)} in the file store`, e)
      }
    },

    async move(from, to) {
      const source = pathOf(from)
      const target = pathOf(to)
      let linked: boolean
      try {
        linked = linkNew(source, target)
      } catch (e) {
        if (codeOf(e) === 'ENOENT') return // nothing to move
        throw storageError(`cannot move ${from} to ${to} in the file store`, e)
      }
      // An existing target with the same content is an earlier move that stopped before the unlink:
      // finish it. Any other target keeps its content, and so does the source.
      if (!linked && (await read(to)) !== (await read(from))) {
        throw storageError(`cannot move ${from} to ${to}: ${to} already exists with other content`)
      }
      try {
        await unlink(source)
      } catch (e) {
        if (codeOf(e) !== 'ENOENT') throw storageError(`cannot remove ${from} from the file store`, e)
      }
    },
  }
}
