import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are chosen by people, so they are stored with a slow, memory-hard hash: scrypt
 * with a per-user salt. The stored string names its own parameters
 * (`scrypt$N$r$p$salt$hash`), so the cost can be raised later without breaking old rows.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is exactly that, which it refuses.
// Parameters read back from the database must fit too, so a tampered row cannot exhaust the host.
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_R_OR_P = 16;

function derive(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, { ...options, maxmem: MAX_MEMORY_BYTES }, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

/** Hashes a password with a fresh salt, as `scrypt$N$r$p$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface StoredHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseStoredHash(stored: string): StoredHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined || rest.length > 0) return undefined;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  const isPowerOfTwo = Number.isInteger(N) && N > 1 && N <= 2 ** 30 && (N & (N - 1)) === 0;
  const inRange = (value: number) => Number.isInteger(value) && value >= 1 && value <= MAX_R_OR_P;
  if (!isPowerOfTwo || !inRange(R) || !inRange(P) || 128 * N * R > MAX_MEMORY_BYTES) return undefined;
  const parsed = { N, r: R, p: P, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
  return parsed.salt.length === 0 || parsed.key.length < 16 || parsed.key.length > 64 ? undefined : parsed;
}

/** Whether `password` matches a string made by `hashPassword`; false for anything malformed. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (parsed === undefined) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, { N: parsed.N, r: parsed.r, p: parsed.p });
  return timingSafeEqual(key, parsed.key);
}
