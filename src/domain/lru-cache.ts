/**
 * A small LRU bounded by total weight (bytes for schema rows, a count for parsed schemas). Map keeps
 * insertion order, so the first key is the one to evict. A hit moves its entry to the back only when
 * the entry is in the older half: the move is a delete and an insert, the largest cost of a read
 * served from memory (three lookups per GET by id), and an entry read again while still in the newer
 * half needs no move to stay clear of eviction. What is evicted is thus the oldest entry not read
 * since it reached the older half.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; weight: number; tick: number }>()
  private total = 0
  /** Counts insertions at the back: an entry's tick says how far from the back it is, roughly. */
  private clock = 0

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key)
    if (!hit) return undefined
    if (this.clock - hit.tick > this.map.size / 2) {
      this.map.delete(key)
      hit.tick = ++this.clock
      this.map.set(key, hit)
    }
    return hit.value
  }

  set(key: K, value: V): void {
    this.delete(key)
    const weight = this.weigh(value)
    if (weight > this.maxWeight) return
    this.map.set(key, { value, weight, tick: ++this.clock })
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
