import { createHmac, createPublicKey, randomBytes, type KeyObject } from 'node:crypto'
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose'
import { RegistryError } from '../errors/registry-error.js'
import { ROLES, type AuthFile, type Grant, type Role } from './auth-file.js'
import { samePlainPassword, verifyPassword } from './passwords.js'

/** Who a request comes from, with what it may do (docs/EXTENSIONS.md §3). */
export interface Principal {
  name: string
  /** How the request proved it: no credentials, HTTP Basic (users and API keys), or a JWT bearer token. */
  method: 'anonymous' | 'basic' | 'bearer'
  grants: readonly Grant[]
}

export interface Authenticator {
  /** False without AUTH_FILE: every request is anonymous and may do everything. */
  readonly enabled: boolean
  /** The `WWW-Authenticate` challenges of a 401. */
  readonly challenges: readonly string[]
  /** Things an operator should know (plain passwords in the file). */
  readonly warnings: readonly string[]
  /** The request's principal; bad credentials are always 401, never anonymous. */
  authenticate(authorization: string | undefined): Promise<Principal>
}

const ANYONE: Principal = { name: 'anonymous', method: 'anonymous', grants: [{ role: 'admin' }] }

/** Without AUTH_FILE (the quick start): no authentication, everything allowed. */
export const OPEN_ACCESS: Authenticator = { enabled: false, challenges: [], warnings: [], authenticate: async () => ANYONE }

const unauthorized = (reason: string) => new RegistryError('UNAUTHORIZED', { reason })

// successful scrypt checks are remembered (keyed by an HMAC of the password with a per-process key,
// never the password) so that a client sending Basic on every request does not pay scrypt each time
const VERIFIED_MAX = 1000

export const createAuthenticator = (file: AuthFile): Authenticator => {
  const users = new Map(file.users.map((u) => [u.name, u]))
  const grantsOf = new Map<string, Grant[]>()
  for (const { principal, ...g } of file.grants) grantsOf.set(principal, [...(grantsOf.get(principal) ?? []), g])
  const anonymous: Principal = { name: 'anonymous', method: 'anonymous', grants: file.anonymous === 'none' ? [] : [{ role: file.anonymous }] }

  const cacheKey = randomBytes(32)
  const verified = new Set<string>()
  const remember = (k: string) => {
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.values().next().value as string)
    verified.add(k)
  }

  const basic = async (encoded: string): Promise<Principal> => {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) throw unauthorized('Malformed Basic credentials')
    const name = decoded.slice(0, colon)
    const password = decoded.slice(colon + 1)
    const u = users.get(name)
    // the same answer for an unknown user and a wrong password: nothing tells which names exist
    if (!u) throw unauthorized('Invalid credentials')
    if (u.password !== undefined) {
      if (!samePlainPassword(password, u.password)) throw unauthorized('Invalid credentials')
    } else {
      const k = `${name}\u0000${createHmac('sha256', cacheKey).update(password).digest('base64')}`
      if (!verified.has(k)) {
        if (!(await verifyPassword(password, u.passwordHash!))) throw unauthorized('Invalid credentials')
        remember(k)
      }
    }
    return { name, method: 'basic', grants: grantsOf.get(name) ?? [] }
  }

  const jwt = file.jwt
  let keys: JWTVerifyGetKey | KeyObject[] | undefined
  // jose caches the set and fetches it again for a kid it does not know, at most once per cooldown
  if (jwt?.jwksUrl) keys = createRemoteJWKSet(new URL(jwt.jwksUrl), { cooldownDuration: jwt.jwksCooldownSeconds * 1000, cacheMaxAge: 10 * 60_000 })
  else if (jwt?.publicKeys) keys = jwt.publicKeys.map((pem) => createPublicKey(pem))

  const verify = async (token: string): Promise<JWTPayload> => {
    if (!jwt || !keys) throw unauthorized('Bearer tokens are not accepted here')
    const options = { issuer: jwt.issuer, audience: jwt.audience, algorithms: jwt.algorithms, clockTolerance: jwt.clockToleranceSeconds }
    try {
      if (!Array.isArray(keys)) return (await jwtVerify(token, keys, options)).payload
      // configured keys: the first one the signature verifies with
      let last: unknown
      for (const key of keys) {
        try {
          return (await jwtVerify(token, key, options)).payload
        } catch (e) {
          last = e
          if (!(e instanceof joseErrors.JWSSignatureVerificationFailed)) break
        }
      }
      throw last
    } catch (e) {
      throw unauthorized(`Invalid bearer token: ${describeJwtError(e)}`)
    }
  }

  const bearer = async (token: string): Promise<Principal> => {
    const payload = await verify(token)
    const name = payload[jwt!.principalClaim]
    if (typeof name !== 'string' || name === '') throw unauthorized(`Invalid bearer token: no ${jwt!.principalClaim} claim`)
    const claimed = jwt!.rolesClaim ? payload[jwt!.rolesClaim] : undefined
    // roles in the token are grants on every subject of every context
    const roles = (Array.isArray(claimed) ? claimed : typeof claimed === 'string' ? claimed.split(/[ ,]+/) : []).filter((r): r is Role => ROLES.includes(r as Role))
    return { name, method: 'bearer', grants: [...roles.map((role) => ({ role })), ...(grantsOf.get(name) ?? [])] }
  }

  const challenges = ['Basic realm="schema-registry"', ...(jwt ? ['Bearer realm="schema-registry"'] : [])]
  const warnings = file.users
    .filter((u) => u.password !== undefined)
    .map((u) => `AUTH_FILE: user ${u.name} has a plain-text password; prefer passwordHash (schema-registry hash-password)`)

  return {
    enabled: true,
    challenges,
    warnings,
    async authenticate(authorization) {
      if (authorization === undefined || authorization === '') return anonymous
      const space = authorization.indexOf(' ')
      const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase()
      const value = space < 0 ? '' : authorization.slice(space + 1).trim()
      if (scheme === 'basic') return basic(value)
      if (scheme === 'bearer') return bearer(value)
      throw unauthorized(`Unsupported authorization scheme ${scheme}`)
    },
  }
}

/** What was wrong with a token, without echoing it. */
const describeJwtError = (e: unknown): string => {
  if (e instanceof joseErrors.JWTExpired) return 'expired'
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `${e.claim} claim check failed`
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed'
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature'
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'no matching key'
  if (e instanceof joseErrors.JOSEError) return e.code
  return 'malformed'
}
