import { describe, expect, it } from 'vitest';
import { deployment, device, release } from '../test-support/builders.js';
import { compileDesiredState } from './compile.js';
import { InvalidDesiredStateError, nextDesired } from './next-desired.js';

const gw = device('gw-1');
const releases = [release('vision-1', 'vision'), release('vision-2', 'vision')];
const v1 = compileDesiredState(gw, [deployment('d1', 'vision', 'vision-1')], releases, { reportIntervalMs: 30_000 });
const v2 = compileDesiredState(gw, [deployment('d1', 'vision', 'vision-2')], releases, { reportIntervalMs: 30_000 });

describe('nextDesired', () => {
  it('starts at version 1 when nothing was published', () => {
    expect(nextDesired(undefined, v1)).toEqual({ version: 1, hash: v1.hash, apps: v1.apps, settings: { reportIntervalMs: 30_000 } });
  });

  it('publishes nothing when the hash is the one already published', () => {
    expect(nextDesired({ version: 7, hash: v1.hash }, v1)).toBeUndefined();
  });

  it('increments the version when the hash changed', () => {
    expect(nextDesired({ version: 7, hash: v1.hash }, v2)).toMatchObject({ version: 8, hash: v2.hash });
  });

  it('publishes an empty app set: the target that removes every app', () => {
    const empty = compileDesiredState(gw, [], releases);
    expect(nextDesired({ version: 3, hash: v1.hash }, empty)).toEqual({ version: 4, hash: empty.hash, apps: {} });
  });

  it('refuses a target the protocol would refuse, naming the field', () => {
    const bad = compileDesiredState(gw, [deployment('d1', 'vision', 'vision-1', '', { healthyWithinMs: 5 })], releases);
    expect(() => nextDesired(undefined, bad)).toThrow(InvalidDesiredStateError);
    expect(() => nextDesired(undefined, bad)).toThrow(/apps\.vision\.healthyWithinMs/);
  });
});
