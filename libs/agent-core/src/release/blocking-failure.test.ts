import { describe, expect, it } from 'vitest';
import type { StepFailure } from '../reconcile/reconcile.js';
import { targetApp } from '../test-support/world.js';
import { blockingFailure } from './blocking-failure.js';

const shared = 'registry.local/base:1';
const site = targetApp('site', 'r2', { name: 'site', services: { api: { image: 'registry.local/api:2' }, sidecar: { image: shared } } });
const other = targetApp('other', 'r5', { name: 'other', services: { web: { image: shared } } });

const pullFailed = (appId: string, image: string, message: string): StepFailure => ({
  step: { action: 'pull', appId, image, reason: `service x needs ${image}` },
  error: new Error(message),
});
const apiSpec = site.spec.services['api'];
if (!apiSpec) throw new Error('the fixture lost its api');
const createFailed: StepFailure = {
  step: {
    action: 'create',
    appId: 'site',
    service: 'api',
    releaseId: 'r2',
    name: 'site_api',
    configHash: 'h',
    spec: apiSpec,
    reason: 'service api is new',
  },
  error: new Error('no space left on device'),
};

describe('blockingFailure', () => {
  it('names the image of a failed pull when the error does not', () => {
    expect(blockingFailure(site, [pullFailed('site', 'registry.local/api:2', 'manifest unknown: manifest unknown')])).toBe(
      'cannot pull registry.local/api:2: manifest unknown: manifest unknown',
    );
  });

  it('keeps an error that already names the image as it is', () => {
    const message = 'cannot pull registry.local/api:2 from registry registry.local: manifest for registry.local/api:2 not found: manifest unknown';
    expect(blockingFailure(site, [pullFailed('site', 'registry.local/api:2', message)])).toBe(message);
  });

  it('holds back every app that uses an image whose pull failed, whichever app the step names', () => {
    const failures = [pullFailed('site', shared, 'unexpected EOF')];
    expect(blockingFailure(other, failures)).toBe(`cannot pull ${shared}: unexpected EOF`);
  });

  it('holds back an app by its own failed step, not by another app’s', () => {
    expect(blockingFailure(site, [createFailed])).toBe('create site/api failed: no space left on device');
    expect(blockingFailure(other, [createFailed, pullFailed('site', 'registry.local/api:2', 'manifest unknown')])).toBeUndefined();
  });

  it('puts a failed pull first, as what the release waits for', () => {
    expect(blockingFailure(site, [createFailed, pullFailed('site', 'registry.local/api:2', 'manifest unknown')])).toBe(
      'cannot pull registry.local/api:2: manifest unknown',
    );
  });

  it('clips a long error so the reason fits an event', () => {
    const reason = blockingFailure(site, [pullFailed('site', 'registry.local/api:2', 'x'.repeat(5_000))]) ?? '';
    expect(reason).toHaveLength(1_536);
    expect(reason.endsWith('…')).toBe(true);
  });
});
