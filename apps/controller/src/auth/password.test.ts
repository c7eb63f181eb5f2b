import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('stores scrypt parameters, salt and hash in one self-describing string', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain('correct horse');
  });

  it('salts every hash, so one password never gives the same string twice', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('verifies hashes made with other parameters, read from the string', async () => {
    const salt = Buffer.from('per-user-salt');
    // A hash made under a cheaper cost (as older rows may be) still verifies: the cost is read from the string.
    const cheap = `scrypt$1024$8$1$${salt.toString('base64url')}$${scryptSync('s3cret-passphrase', salt, 32, { N: 1024 }).toString('base64url')}`;
    expect(await verifyPassword('s3cret-passphrase', cheap)).toBe(true);
    expect(await verifyPassword('other', cheap)).toBe(false);
  });

  // A well-formed 32-byte hash, so each case below is wrong in one way only.
  const key = 'A'.repeat(43);
  it.each([
    ['an empty string', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['a cost that is not a power of two', `scrypt$1000$8$1$c2FsdA$${key}`],
    ['a cost too large to compute safely', `scrypt$${2 ** 24}$8$1$c2FsdA$${key}`],
    ['a missing hash', 'scrypt$1024$8$1$c2FsdA'],
    ['a hash too short to mean anything', 'scrypt$1024$8$1$c2FsdA$a2V5'],
    ['extra fields', `scrypt$1024$8$1$c2FsdA$${key}$more`],
  ])('refuses %s as a stored hash', async (_label, stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });
});
