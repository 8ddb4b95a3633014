import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

/**
 * The `AUTH_FILE` (YAML or JSON; YAML is a superset of JSON, so one parser reads both), checked at
 * start-up: a bad file stops the server with a message naming what is wrong (docs/EXTENSIONS.md §3).
 */

export const ROLES = ['reader', 'writer', 'admin'] as const
export type Role = (typeof ROLES)[number]

const user = z
  .object({
    name: z.string().min(1),
    passwordHash: z
      .string()
      .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'must be a hash printed by `schema-registry hash-password` (scrypt$N$r$p$salt$hash)')
      .optional(),
    password: z.string().min(1).optional(),
  })
  .strict()
  .refine((u) => (u.passwordHash === undefined) !== (u.password === undefined), 'needs exactly one of passwordHash and password')

// `none` is never accepted, whatever the file says: only signing algorithms
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const

const jwt = z
  .object({
    issuer: z.string().min(1),
    audience: z.string().min(1),
    jwksUrl: z.string().url().optional(),
    publicKeys: z
      .array(z.string().includes('-----BEGIN PUBLIC KEY-----', { message: 'must be a PEM public key' }))
      .min(1)
      .optional(),
    algorithms: z.array(z.enum(ALGORITHMS)).min(1).default(['RS256', 'ES256', 'PS256', 'EdDSA']),
    principalClaim: z.string().min(1).default('sub'),
    rolesClaim: z.string().min(1).optional(),
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
    jwksCooldownSeconds: z.number().min(0).max(3600).default(30),
  })
  .strict()
  .refine((j) => (j.jwksUrl === undefined) !== (j.publicKeys === undefined), 'needs exactly one of jwksUrl and publicKeys')

const grant = z
  .object({
    principal: z.string().min(1),
    role: z.enum(ROLES),
    subjects: z.array(z.string().min(1)).min(1).optional(),
    context: z
      .string()
      .regex(/^\.[^:]*$/, 'a context starts with a dot, like .team-a')
      .optional(),
  })
  .strict()

export const authFileSchema = z
  .object({
    users: z.array(user).default([]),
    jwt: jwt.optional(),
    anonymous: z.enum(['none', ...ROLES]).default('none'),
    grants: z.array(grant).default([]),
  })
  .strict()

export type AuthFile = z.infer<typeof authFileSchema>
export type Grant = Omit<z.infer<typeof grant>, 'principal'>

/** Parses and checks the file's text; throws an Error whose message lists every problem with its path. */
export const parseAuthFile = (text: string, where: string): AuthFile => {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (e) {
    throw new Error(`${where} is neither YAML nor JSON: ${(e as Error).message}`)
  }
  const parsed = authFileSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`)
    throw new Error(`${where} is not a valid auth file:\n  ${problems.join('\n  ')}`)
  }
  const names = parsed.data.users.map((u) => u.name)
  const twice = names.find((n, i) => names.indexOf(n) !== i)
  if (twice) throw new Error(`${where} is not a valid auth file:\n  users: ${twice} is listed twice`)
  return parsed.data
}
