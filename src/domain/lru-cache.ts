/**
 * A small LRU bounded by total weight (bytes for schema rows, a count for parsed schemas). Map keeps
 * insertion order, so the first key is always the least recently used.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>()
  private total = 0

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key)
    if (!hit) return undefined
    this.map.delete(key)
    this.map.set(key, hit)
    return hit.value
  }

  set(key: K, value: V): void {
    this.delete(key)
    const weight = this.weigh(value)
    if (weight > this.maxWeight) return
    this.map.set(key, { value, weight })
    this.total += weight
    while (this.total > this.maxWeight) {
      const oldest = this.map.keys().next().value as K
      this.delete(oldest)
    }
  }

  delete(key: K): void {
    const hit = this.map.get(key)
    if (!hit) return
    this.total -= hit.weight
    this.map.delete(key)
  }

  /** Every entry, least recently used first, without touching their order (deleting while iterating is safe). */
  *entries(): IterableIterator<[K, V]> {
    for (const [key, hit] of this.map) yield [key, hit.value]
  }

  clear(): void {
    this.map.clear()
    this.total = 0
  }

  get size(): number {
    return this.map.size
  }

  /** The total weight held: bytes for caches weighed in bytes. */
  get weight(): number {
    return this.total
  }
}
