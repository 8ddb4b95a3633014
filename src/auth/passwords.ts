import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashes for `AUTH_FILE` users: `scrypt$N$r$p$<salt base64>$<hash base64>`, made with Node's
 * scrypt and compared in constant time. `schema-registry hash-password` prints one.
 */

const scrypt = (password: string, salt: Buffer, length: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, length, opts, (e, key) => (e ? reject(e) : resolve(key))))

// OWASP's scrypt minimum (N=2^17, r=8, p=1) costs ~128 MB and ~0.3 s per check; 2^15 keeps a login
// near 50 ms and 32 MB while staying far beyond brute force for a random API key.
const DEFAULTS = { N: 2 ** 15, r: 8, p: 1 }
const maxmem = (N: number, r: number) => 128 * N * r * 2

export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16)
  const { N, r, p } = DEFAULTS
  const hash = await scrypt(password, salt, 32, { N, r, p, maxmem: maxmem(N, r) })
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`
}

export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const N = Number(n)
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N, r: Number(r), p: Number(p), maxmem: maxmem(N, Number(r)) })
  return timingSafeEqual(got, expected)
}

/** A plain password from the file, compared in constant time (lengths hashed away first). */
export const samePlainPassword = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest())
