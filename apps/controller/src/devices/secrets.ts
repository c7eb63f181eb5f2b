import { createHash, randomBytes } from 'node:crypto';

/**
 * A new random secret (256 bits, base64url). Secrets the controller generates are high
 * entropy, so a fast hash is enough to store them: nobody can guess one to brute-force.
 */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Hex SHA-256 of a generated secret: what the database keeps instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
