import { parseSelector, type Deployment, type Release } from '@gantry/fleet';
import { validateAppSpec } from '@gantry/app-spec';
import { describe, expect, it } from 'vitest';
import { BatchCompiler } from './batch-compiler.js';

function release(id: string, image: string): Release {
  const spec = validateAppSpec({ name: 'thermo', services: { main: { image, resources: { memoryBytes: 1_048_576, nanoCpus: 100_000_000 } } } });
  if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
  return { id, appId: 'thermo', manifest: spec.spec, createdAt: new Date('2026-01-01T00:00:00Z') };
}

function deployment(id: string, releaseId: string, selector: string, priority = 0): Deployment {
  const parsed = parseSelector(selector);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { id, appId: 'thermo', releaseId, selector: parsed.selector, priority, createdAt: new Date('2026-01-01T00:00:00Z'), state: 'active' };
}

const releases = [release('thermo@1', 'registry.local/thermo:1'), release('thermo@2', 'registry.local/thermo:2')];
const deployments = [deployment('all', 'thermo@1', ''), deployment('canary', 'thermo@2', 'ring=canary', 10)];

describe('BatchCompiler', () => {
  it('gives each gateway the target of its own winners', () => {
    const sut = new BatchCompiler(releases);
    const stable = sut.compile({ id: 'gw-1', labels: { ring: 'stable' } }, deployments, undefined);
    const canary = sut.compile({ id: 'gw-2', labels: { ring: 'canary' } }, deployments, undefined);
    expect(stable.desired?.apps['thermo']?.releaseId).toBe('thermo@1');
    expect(canary.desired?.apps['thermo']?.releaseId).toBe('thermo@2');
    expect(canary.winners.get('thermo')?.id).toBe('canary');
  });

  it('shares one document between gateways with the same winners and previous document', () => {
    const sut = new BatchCompiler(releases);
    const first = sut.compile({ id: 'gw-1', labels: { ring: 'stable', site: 'a' } }, deployments, undefined);
    const second = sut.compile({ id: 'gw-2', labels: { ring: 'stable', site: 'b' } }, deployments, undefined);
    expect(second.desired).toBe(first.desired);
    const later = sut.compile({ id: 'gw-3', labels: {} }, deployments, { version: 4, hash: 'sha256:'.padEnd(71, '0') });
    expect(later.desired).toMatchObject({ version: 5, hash: first.desired?.hash });
  });

  it('publishes nothing for a gateway whose hash is unchanged', () => {
    const sut = new BatchCompiler(releases);
    const first = sut.compile({ id: 'gw-1', labels: {} }, deployments, undefined);
    const hash = first.desired?.hash ?? '';
    expect(sut.compile({ id: 'gw-1', labels: {} }, deployments, { version: 1, hash }).desired).toBeUndefined();
  });
});
