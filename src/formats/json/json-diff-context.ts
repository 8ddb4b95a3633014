import { invalidSchema } from '../../errors/registry-error.js'
import { type Difference, type Policy, isCompatibleChange } from './json-difference.js'
import type { SchemaNode } from './json-model.js'

// A real schema pair compares in far fewer steps; the cap turns an adversarial schema (combined
// schemas nested to multiply the branch pairs) into an error instead of a hung request.
const MAX_STEPS = 200_000
const MAX_DEPTH = 2_000

/** State shared by a comparison and all its subcontexts. */
interface Shared {
  readonly policy: Policy
  steps: number
  depth: number
  /** The (old, new) pairs being compared right now: meeting one again means a recursive schema. */
  readonly active: Map<SchemaNode, Set<SchemaNode>>
}

/** Confluent's diff Context: where we are, what differs, and which old schemas we are inside. */
export class DiffContext {
  readonly differences: Difference[] = []

  private constructor(
    private readonly shared: Shared,
    private readonly path: string[],
    private readonly schemas: Set<SchemaNode>,
  ) {}

  static start(policy: Policy): DiffContext {
    return new DiffContext({ policy, steps: 0, depth: 0, active: new Map() }, [], new Set())
  }

  get policy(): Policy {
    return this.shared.policy
  }

  /** A context that collects its own differences, to judge an alternative before keeping it. */
  sub(): DiffContext {
    return new DiffContext(this.shared, [...this.path], new Set(this.schemas))
  }

  isCompatible(): boolean {
    return this.differences.every((d) => isCompatibleChange(d, this.shared.policy))
  }

  add(type: string, extra: { attribute?: string; required?: boolean } = {}): void {
    const segments = extra.attribute === undefined ? this.path : [...this.path, extra.attribute]
    const difference: Difference = { type, path: `#/${segments.join('/')}` }
    this.differences.push(extra.required === undefined ? difference : { ...difference, required: extra.required })
  }

  addAll(other: DiffContext): void {
    this.differences.push(...other.differences)
  }

  inPath<T>(segment: string, fn: () => T): T {
    this.path.push(segment)
    try {
      return fn()
    } finally {
      this.path.pop()
    }
  }

  /** Runs `fn` inside `original`, unless we already are: a recursive schema is compared once. */
  inSchema(original: SchemaNode, fn: () => void): void {
    if (this.schemas.has(original)) return
    this.schemas.add(original)
    try {
      fn()
    } finally {
      this.schemas.delete(original)
    }
  }

  /** Guards one comparison of a pair: skipped when the same pair is already being compared. */
  comparing(original: SchemaNode, update: SchemaNode, fn: () => void): void {
    const { shared } = this
    if (++shared.steps > MAX_STEPS || shared.depth >= MAX_DEPTH) {
      throw invalidSchema('The schemas are too complex to compare for compatibility')
    }
    const updates = shared.active.get(original) ?? new Set<SchemaNode>()
    if (updates.has(update)) return
    updates.add(update)
    shared.active.set(original, updates)
    shared.depth++
    try {
      fn()
    } finally {
      shared.depth--
      updates.delete(update)
    }
  }
}
