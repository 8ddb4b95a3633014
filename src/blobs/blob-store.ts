/**
 * The versioned file store (docs/EXTENSIONS.md §1): every registered version is also written as files,
 * so a schema has a stable locator outside the database and the registry can be rebuilt from them.
 * Implementations: `fs/` (default, under `DATA_DIR/files/`), `gcs/` (@google-cloud/storage), `none`.
 * Only `composition.ts` picks one; services see this port.
 *
 * Every method wraps its driver's failures as `RegistryError('STORAGE_ERROR', ...)` (500 / 50001), so a
 * request whose files cannot be written fails before the database commits.
 */
export interface BlobStore {
  /** `gs://<bucket>/<prefix><key>` or `file://<absolute path>`: where the object with this key lives. */
  locator(key: string): string
  /**
   * Creates the object with this key; never overwrites one. `created` when it wrote, `exists` when an
   * object with that key was already there (its content is left as it was; compare with `read`).
   */
  create(key: string, body: string, contentType: string): Promise<'created' | 'exists'>
  /** The object's content, undefined when there is none. */
  read(key: string): Promise<string | undefined>
  /** Keys under a prefix (`''` for all), sorted; empty when there are none. */
  list(prefix: string): Promise<string[]>
  /**
   * Moves an object to a new key (created, never overwriting) and removes the old one; nothing when
   * `from` does not exist. Used to purge a permanently deleted version's files.
   */
  move(from: string, to: string): Promise<void>
}

/** `BLOB_STORE=none`: nothing is written; no locator. */
export const NO_BLOBS: BlobStore & { readonly disabled: true } = {
  disabled: true,
  locator: () => '',
  create: async () => 'created',
  read: async () => undefined,
  list: async () => [],
  move: async () => undefined,
}
