import { canonicalHash, type ServiceSpec } from '@gantry/app-spec';
import { describe, expect, it } from 'vitest';
import { UPDATABLE_CAPS } from '../state/caps.js';
import { targetApp } from '../test-support/world.js';
import { configHash } from './config-hash.js';

function spec(image: string, memoryBytes = 32 * 1024 * 1024): ServiceSpec {
  const app = targetApp('site', 'r1', { name: 'site', services: { api: { image, env: { MODE: 'a' }, resources: { memoryBytes, nanoCpus: 250_000_000 } } } });
  const service = app.spec.services['api'];
  if (!service) throw new Error('the app has no api service');
  return service;
}

/** The hash as computed from scratch, with nothing remembered. */
function fromScratch(service: ServiceSpec): string {
  const resources: Record<string, unknown> = { ...service.resources };
  for (const cap of UPDATABLE_CAPS) resources[cap] = service.resources[cap] !== null;
  return canonicalHash({ ...service, resources }).slice(0, 16);
}

describe('configHash', () => {
  it('is the canonical hash of the spec, updatable caps counting only as set or not', () => {
    const api = spec('registry.local/api:1');
    expect(configHash(api)).toBe(fromScratch(api));
    expect(configHash(spec('registry.local/api:1', 64 * 1024 * 1024))).toBe(configHash(api));
  });

  it('gives equal specs in other objects, their keys in another order, the same hash', () => {
    const api = spec('registry.local/api:1');
    const { image, ...rest } = spec('registry.local/api:1');
    const reordered: ServiceSpec = { ...rest, image };
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(api));
    expect(configHash(reordered)).toBe(configHash(api));
    expect(configHash({ ...api })).toBe(configHash(api));
  });

  it('changes with anything that needs a new container, whichever object holds the spec', () => {
    const [first, second, again] = ['registry.local/api:1', 'registry.local/api:2', 'registry.local/api:1'].map((image) => configHash(spec(image)));
    expect(second).not.toBe(first);
    expect(again).toBe(first);
    expect(second).toBe(fromScratch(spec('registry.local/api:2')));
  });
});
