/**
 * A map of promises: the first call for a key starts the work, every call while it runs and after it
 * succeeded shares its promise (in-flight de-duplication); a failure is forgotten so that the next
 * call tries again.
 */
export interface Memo<K, V> {
  get(key: K, load: () => Promise<V>): Promise<V>
}

export const createMemo = <K, V>(): Memo<K, V> => {
  const entries = new Map<K, Promise<V>>()
  const remember = (key: K, value: Promise<V>): Promise<V> => {
    entries.set(key, value)
    value.catch(() => {
      if (entries.get(key) === value) entries.delete(key)
    })
    return value
  }
  return {
    get: (key, load) => entries.get(key) ?? remember(key, load()),
  }
}
