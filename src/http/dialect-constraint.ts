import type { IncomingMessage } from 'node:http'
import type { DialectModule } from './dialects/index.js'

/**
 * The `dialect` route constraint: a route registered by a dialect module matches only requests
 * answered in that dialect, so one path can mean different operations in different dialects; routes
 * without the constraint match in every dialect.
 */
export const dialectConstraint = (resolve: (raw: IncomingMessage) => DialectModule) => ({
  name: 'dialect',
  storage<Handler>() {
    const handlers = new Map<string, Handler>()
    return {
      get: (name: string): Handler | null => handlers.get(name) ?? null,
      set: (name: string, handler: Handler) => void handlers.set(name, handler),
    }
  },
  deriveConstraint: (req: IncomingMessage) => resolve(req).name,
  mustMatchWhenDerived: false,
})
