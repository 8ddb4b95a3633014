import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { OPEN_ACCESS, type Authenticator, type Principal } from '../auth/authenticator.js'
import { allows, type Action, type Target } from '../auth/grants.js'
import { GLOBAL_SCOPE, normalizeContext, parseSubject, type SubjectRef } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { OwnershipService } from '../services/ownership-service.js'
import { sendError } from './error-handler.js'
import { EVERYTHING, idVisible, visibilityOf, type IdLookups, type Visibility } from './visibility.js'

/**
 * Every route declares what it does and what it touches (docs/EXTENSIONS.md §3); one hook checks the
 * declaration against the caller's grants before anything else runs, so no handler checks access.
 *
 * - `public`: no credentials needed (`GET /`, the API docs).
 * - `subject`: the `subject` path parameter (a context scope `:.ctx:` counts as that context's scope).
 * - `scope`: the request's context: global without a `/contexts/{ctx}` prefix (`/config`, `/mode`).
 * - `context`: the `context` path parameter.
 * - `any`: lists: any grant for the action lets the request through; the handler shows only what
 *   `request.visibility` allows.
 * - `id`, `guid`: a schema by id (the `id` parameter, in the context `?subject=` names) or guid: readable
 *   when one subject it is registered under is readable. Otherwise it answers as an unknown id would
 *   (404), so nothing tells that it exists.
 *
 * A `write` or `admin` on a claimed subject also needs the claim's token in `X-Subject-Token`
 * (docs/EXTENSIONS.md §3.3), whoever asks: the same hook checks it, after the grants. Only the owner
 * routes, which check the token themselves (claiming a claimed subject is 409, not 403), declare
 * `ownerRoute`.
 */
export type Access = { action: 'public' } | { action: Action; on: On; ownerRoute?: true; escalate?: Escalation; bodySubjects?: BodySubjects }
/**
 * Further subjects a request's body names (a set of files' subjects, docs/EXTENSIONS.md §9), in the
 * context of the `subject` parameter: each needs the same action and, when claimed, its token. The
 * body is read only once parsed, so these are checked before the handler runs, after the path's subject.
 */
export type BodySubjects = (body: unknown) => string[]
/** A query flag that makes the request a stronger action: `?force=true` on a registration is an admin's. */
export interface Escalation {
  flag: string
  action: Action
}
type On = 'subject' | 'scope' | 'context' | 'any' | 'id' | 'guid'

/** The header that carries a subject's ownership token. */
export const SUBJECT_TOKEN_HEADER = 'x-subject-token'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    /** Who the request comes from; everyone is an anonymous admin without AUTH_FILE. */
    principal: Principal
    /** What the request may see: lists keep only these subjects and contexts. */
    visibility: Visibility
    /** Why the request is refused (401, 403), answered after the rate limit has counted it. */
    pendingRefusal?: RegistryError
  }
  interface FastifyInstance {
    /** Every route with its declared access, for the role matrix test and the docs. */
    routeAccess: readonly DeclaredRoute[]
  }
}

export interface DeclaredRoute {
  method: string
  url: string
  access: Access
  /** The dialect a dialect's own route is constrained to; undefined for shared routes. */
  dialect(): string | undefined
}

/** Route option shorthands: `r.get(path, { ...can.read('subject'), schema }, handler)`. */
export const can = {
  public: () => ({ config: { access: { action: 'public' } as Access } }),
  read: (on: On) => ({ config: { access: { action: 'read', on } as Access } }),
  write: (on: On) => ({ config: { access: { action: 'write', on } as Access } }),
  admin: (on: On) => ({ config: { access: { action: 'admin', on } as Access } }),
  /** The owner routes (`/subjects/{s}/owner`): `action` on the subject, claim checked by the route's service. */
  /** A write that a query flag turns into another action (`can.writeUnless('force', 'admin')`). */
  writeUnless: (flag: string, action: Action) => ({ config: { access: { action: 'write', on: 'subject', escalate: { flag, action } } as Access } }),
  owner: (action: 'write' | 'admin') => ({ config: { access: { action, on: 'subject', ownerRoute: true } as Access } }),
}

/** A declaration that also covers the subjects its body names: `alsoOnBody(can.write('subject'), namesOf)`. */
export const alsoOnBody = (declared: { config: { access: Access } }, bodySubjects: BodySubjects) => ({ config: { access: { ...declared.config.access, bodySubjects } as Access } })

/** The token the request presents for a claimed subject, if any. */
export const presentedToken = (request: FastifyRequest): string | undefined => {
  const v = request.headers[SUBJECT_TOKEN_HEADER]
  return Array.isArray(v) ? v.join(',') : v
}

/**
 * Whether the request may override a claim (release it without the token): a principal allowed
 * `admin` on the subject by AUTH_FILE. Without AUTH_FILE everyone is an admin, so nobody is.
 */
export const mayOverrideClaim = (request: FastifyRequest): boolean =>
  request.principal !== OPEN_PRINCIPAL && allows(request.principal, 'admin', accessTargetOf(request, { action: 'admin', on: 'subject' }))

/**
 * For a request that changes several subjects at once (promoting or discarding a context's staging,
 * docs/EXTENSIONS.md §8), decided once the service knows them: a write on each by the grants, and for
 * each claimed one its token among those `X-Subject-Token` lists (comma-separated). The refusal names
 * no subject: the caller may not be allowed to read them.
 */
export const admitWrites =
  (request: FastifyRequest, owners: Pick<OwnershipService, 'checkWrite'>) =>
  async (refs: SubjectRef[]): Promise<void> => {
    for (const ref of refs) {
      if (!allows(request.principal, 'write', { kind: 'subject', ...ref })) {
        throw new RegistryError('FORBIDDEN', { reason: `${request.principal.name} may not write every staged subject of this context` })
      }
      // checkWrite takes the comma-separated list as it came
      await owners.checkWrite(ref, presentedToken(request))
    }
  }

/** What a request touches, as its route's declaration names it. */
export const accessTargetOf = (request: FastifyRequest, access: Exclude<Access, { action: 'public' }>): Target => {
  const params = (request.params ?? {}) as Record<string, string | undefined>
  if (access.on === 'any' || access.on === 'id' || access.on === 'guid') return { kind: 'any' }
  if (access.on === 'context') return { kind: 'scope', context: normalizeContext(params.context ?? '.') }
  if (access.on === 'scope') return request.contextPinned ? { kind: 'scope', context: request.registryContext } : { kind: 'scope' }
  const ref = parseSubject(params.subject ?? '', request.registryContext)
  if (ref.name === '') return ref.context === GLOBAL_SCOPE.context ? { kind: 'scope' } : { kind: 'scope', context: ref.context }
  return { kind: 'subject', context: ref.context, name: ref.name }
}

/**
 * Installs authentication and the access check. Every route must declare its access: a route without
 * one stops the server at start-up, so a new route cannot be left open by mistake.
 */
export const installAccess = (
  app: FastifyInstance,
  { schemas, owners }: { schemas: IdLookups; owners: Pick<OwnershipService, 'checkWrite' | 'withinRequest'> },
  auth: Authenticator = OPEN_ACCESS,
) => {
  // first: the claims this request is admitted to are read again by its write transactions
  app.addHook('onRequest', (_request, _reply, done) => owners.withinRequest(() => done()))
  app.decorateRequest('principal', undefined as unknown as Principal)
  app.decorateRequest('visibility', undefined as unknown as Visibility)
  const declared: DeclaredRoute[] = []
  app.decorate('routeAccess', declared)
  app.addHook('onRoute', (route: RouteOptions) => {
    // the API docs (@fastify/swagger-ui adds its own routes) are public
    if (route.url === '/docs' || route.url.startsWith('/docs/')) route.config = { ...route.config, access: { action: 'public' } }
    const access = (route.config as { access?: Access } | undefined)?.access
    if (!access) throw new Error(`${String(route.method)} ${route.url} declares no access (docs/EXTENSIONS.md §3)`)
    // a dialect's plugin adds its constraint in its own onRoute hook, which runs after this one
    for (const method of [route.method].flat()) declared.push({ method, url: route.url, access, dialect: () => (route.constraints as { dialect?: string } | undefined)?.dialect })
  })
  /**
   * A write to a claimed subject needs the claim's token, with or without AUTH_FILE, admins included.
   * Reads return at once and never look: only writes and admin actions on a subject read the claim.
   */
  const checkClaim = async (request: FastifyRequest, access: Access | undefined): Promise<void> => {
    if (!access || access.action === 'public' || access.action === 'read' || access.on !== 'subject' || access.ownerRoute) return
    const target = accessTargetOf(request, access)
    // a context scope (`/config/:.ctx:`) is not a subject: nobody claims it
    if (target.kind !== 'subject') return
    await owners.checkWrite({ context: target.context, name: target.name }, presentedToken(request))
  }
  /** The subjects a body names (docs/EXTENSIONS.md §9): the same grants and claims as the path's subject. */
  const checkBodySubjects = async (request: FastifyRequest): Promise<void> => {
    const access = request.routeOptions.config?.access
    if (!access || access.action === 'public' || !access.bodySubjects) return
    const target = accessTargetOf(request, access)
    if (target.kind !== 'subject') return
    const action = actionOf(request, access)
    for (const raw of access.bodySubjects(request.body)) {
      const ref = parseSubject(raw, target.context)
      if (!allows(request.principal, action, { kind: 'subject', ...ref })) {
        // the body named it, so naming it back tells the caller nothing new
        throw new RegistryError('FORBIDDEN', { reason: `${request.principal.name} may not ${action} subject '${raw}'` })
      }
      await owners.checkWrite(ref, presentedToken(request))
    }
  }
  app.addHook('preHandler', checkBodySubjects)
  // without AUTH_FILE only claims are checked: reads pay nothing
  if (!auth.enabled) {
    app.addHook('onRequest', async (request) => {
      request.principal = OPEN_PRINCIPAL
      request.visibility = EVERYTHING
      await checkClaim(request, request.routeOptions.config?.access)
    })
    return { answerRefusals: () => undefined }
  }
  const refuse = (request: FastifyRequest, reply: FastifyReply, error: RegistryError) => {
    if (error.kind === 'UNAUTHORIZED') reply.header('www-authenticate', auth.challenges.join(', '))
    return sendError(request, reply, error)
  }
  // Decides, and keeps a refusal for `answerRefusals`: a refused request (bad credentials included,
  // counted per address as anonymous) still goes through the rate limit installed in between
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access
    let principal: Principal
    try {
      principal = await auth.authenticate(request.headers.authorization)
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e
      request.principal = NOBODY
      request.visibility = visibilityOf(NOBODY, request.registryContext)
      // unknown credentials are refused even on public routes: they are never taken as anonymous
      request.pendingRefusal = e
      return
    }
    request.principal = principal
    request.visibility = visibilityOf(principal, request.registryContext)
    // unknown routes answer 404 for everyone
    if (!access || access.action === 'public') return
    const action = actionOf(request, access)
    if (allows(principal, action, accessTargetOf(request, access)) && (await contentVisible(request, access))) return checkClaim(request, access)
    request.pendingRefusal =
      principal.method === 'anonymous'
        ? new RegistryError('UNAUTHORIZED', { reason: 'Authentication required' })
        : new RegistryError('FORBIDDEN', { reason: `${principal.name} may not ${action} this resource` })
  })

  /** For reads by id or guid: whether what they name is under a subject the request may read. */
  const contentVisible = async (request: FastifyRequest, access: Exclude<Access, { action: 'public' }>): Promise<boolean> => {
    if (request.visibility.everything || (access.on !== 'id' && access.on !== 'guid')) return true
    const params = request.params as { id?: string; guid?: string }
    if (access.on === 'guid') {
      let ids: { context: string; id: number }[]
      try {
        ids = await schemas.byGuid(params.guid ?? '')
      } catch {
        return true // unknown: the handler answers 404
      }
      for (const { context, id } of ids) if (await idVisible(request, schemas, context, id)) return true
      throw new RegistryError('SCHEMA_NOT_FOUND', { id: params.guid ?? '' })
    }
    const id = Number(params.id)
    if (!Number.isInteger(id)) return true // the handler refuses the parameter
    const subject = (request.query as { subject?: string } | undefined)?.subject
    const { context } = await schemas.subjectScope(subject, request.registryContext, request.contextPinned)
    if (await idVisible(request, schemas, context, id)) return true
    // answered as an unknown id is: nothing says that it exists
    throw new RegistryError('SCHEMA_NOT_FOUND', { id })
  }

  return {
    /** Adds the hook that answers the refusals decided above; install the rate limit before calling it. */
    answerRefusals: () =>
      app.addHook('onRequest', async (request, reply) => {
        if (request.pendingRefusal) return refuse(request, reply, request.pendingRefusal)
      }),
  }
}

/** The action a request performs: its route's, or a stronger one a query flag asks for. */
const actionOf = (request: FastifyRequest, access: Exclude<Access, { action: 'public' }>): Action => {
  const flag = access.escalate && (request.query as Record<string, unknown> | undefined)?.[access.escalate.flag]
  // read as the route's own `flag` parameter reads it
  return access.escalate && typeof flag === 'string' && flag.trim().toLowerCase() === 'true' ? access.escalate.action : access.action
}

/** Who bad credentials are, until refused: nobody, with no grants, counted per address. */
const NOBODY: Principal = { name: 'anonymous', method: 'anonymous', grants: [] }

/** Whether the request's credentials were refused (its audit event names who they claimed to be). */
export const badCredentials = (request: FastifyRequest): boolean => request.principal === NOBODY

const OPEN_PRINCIPAL: Principal = { name: 'anonymous', method: 'anonymous', grants: [{ role: 'admin' }] }
