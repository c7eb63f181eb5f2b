import { describe, expect, it } from 'vitest';
import { SAMPLE_BODIES } from '../../test/samples.js';
import { DesiredStateSchema, compareDesired } from '../index.js';

const hashA = `sha256:${'a'.repeat(64)}`;
const hashB = `sha256:${'b'.repeat(64)}`;

describe('compareDesired', () => {
  it.each([
    ['nothing stored yet', undefined, { version: 1, hash: hashA }, 'newer'],
    ['a higher version', { version: 4, hash: hashA }, { version: 5, hash: hashB }, 'newer'],
    ['the same version and content (a republish)', { version: 4, hash: hashA }, { version: 4, hash: hashA }, 'duplicate'],
    ['a lower version (a late retained copy)', { version: 4, hash: hashA }, { version: 3, hash: hashB }, 'stale'],
    ['the same version with other content', { version: 4, hash: hashA }, { version: 4, hash: hashB }, 'conflict'],
  ] as const)('calls %s %s', (_what, stored, incoming, order) => {
    expect(compareDesired(stored, incoming)).toBe(order);
  });
});

describe('DesiredStateSchema', () => {
  it('accepts an empty app set: the target that removes every app', () => {
    expect(DesiredStateSchema.safeParse({ ...SAMPLE_BODIES.desired, apps: {} }).success).toBe(true);
  });

  it('refuses version 0: the first target is version 1, 0 means "none acked"', () => {
    expect(DesiredStateSchema.safeParse({ ...SAMPLE_BODIES.desired, version: 0 }).success).toBe(false);
  });

  it.each([['Web'], ['a/b'], ['-web'], ['web app'], ['w'.repeat(64)]])('refuses the app id %j as a key', (appId) => {
    const { web } = SAMPLE_BODIES.desired.apps;
    expect(DesiredStateSchema.safeParse({ ...SAMPLE_BODIES.desired, apps: { [appId]: web } }).success).toBe(false);
  });

  it('refuses a hash that is not sha256 hex', () => {
    for (const hash of ['sha256:abc', `md5:${'a'.repeat(64)}`, `sha256:${'A'.repeat(64)}`]) {
      expect(DesiredStateSchema.safeParse({ ...SAMPLE_BODIES.desired, hash }).success).toBe(false);
    }
  });

  it('refuses a settings interval short enough to flood the broker', () => {
    expect(DesiredStateSchema.safeParse({ ...SAMPLE_BODIES.desired, settings: { telemetryIntervalMs: 10 } }).success).toBe(false);
  });

  it('refuses a relative host path in the policy', () => {
    const settings = { policy: { allowHostBinds: ['var/lib'] } };
    expect(DesiredStateSchema.safeParse({ ...SAMPLE_BODIES.desired, settings }).success).toBe(false);
  });
});
