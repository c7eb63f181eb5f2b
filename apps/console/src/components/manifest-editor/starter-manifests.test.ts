import { describe, expect, it } from 'vitest';
import { checkManifest } from './manifest-check';
import { STARTER_MANIFESTS, starterAfterToggle } from './starter-manifests';

describe('starter manifests', () => {
  it('are valid in their own format', () => {
    expect(checkManifest(STARTER_MANIFESTS.gantry, 'gantry', 'my-app').errors).toEqual([]);
    expect(checkManifest(STARTER_MANIFESTS.compose, 'compose', 'my-app').errors).toEqual([]);
  });

  it('swap on a format toggle only while untouched', () => {
    expect(starterAfterToggle(STARTER_MANIFESTS.gantry, 'compose')).toBe(STARTER_MANIFESTS.compose);
    expect(starterAfterToggle(`${STARTER_MANIFESTS.gantry}# mine\n`, 'compose')).toBeUndefined();
  });
});
