import { describe, expect, it } from 'vitest';
import { diffManifests, unifiedManifestDiff } from './manifest-diff.js';

const web = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  image: 'nginx:1.25',
  env: { TZ: 'UTC' },
  capAdd: ['NET_BIND_SERVICE'],
  ports: [{ target: 80, published: 8080 }],
  ...overrides,
});

describe('diffManifests', () => {
  it.each([
    ['equal manifests', { services: { web: web() } }, { services: { web: web() } }, []],
    [
      'a changed image',
      { services: { web: web() } },
      { services: { web: web({ image: 'nginx:1.27' }) } },
      [{ path: 'services.web.image', kind: 'changed', before: 'nginx:1.25', after: 'nginx:1.27' }],
    ],
    [
      'env added, changed and removed',
      { services: { web: web({ env: { TZ: 'UTC', DEBUG: '1' } }) } },
      { services: { web: web({ env: { TZ: 'Europe/Berlin', LEVEL: 'info' } }) } },
      [
        { path: 'services.web.env.TZ', kind: 'changed', before: 'UTC', after: 'Europe/Berlin' },
        { path: 'services.web.env.DEBUG', kind: 'removed', before: '1' },
        { path: 'services.web.env.LEVEL', kind: 'added', after: 'info' },
      ],
    ],
    [
      'a capability added in the middle of a list',
      { services: { web: web({ capAdd: ['CHOWN', 'SYS_TIME'] }) } },
      { services: { web: web({ capAdd: ['CHOWN', 'NET_ADMIN', 'SYS_TIME'] }) } },
      [{ path: 'services.web.capAdd[1]', kind: 'added', after: 'NET_ADMIN' }],
    ],
    [
      'a capability removed',
      { services: { web: web({ capAdd: ['CHOWN', 'SYS_TIME'] }) } },
      { services: { web: web({ capAdd: ['SYS_TIME'] }) } },
      [{ path: 'services.web.capAdd[0]', kind: 'removed', before: 'CHOWN' }],
    ],
    [
      'a list item changed in place, diffed by field',
      { services: { web: web() } },
      { services: { web: web({ ports: [{ target: 80, published: 9090 }] }) } },
      [{ path: 'services.web.ports[0].published', kind: 'changed', before: 8080, after: 9090 }],
    ],
    [
      'a whole service added and one removed',
      { services: { web: web() } },
      { services: { api: { image: 'api:1' } } },
      [
        { path: 'services.web', kind: 'removed', before: web() },
        { path: 'services.api', kind: 'added', after: { image: 'api:1' } },
      ],
    ],
    [
      'a key with dots in brackets',
      { labels: { 'com.acme.role': 'a' } },
      { labels: { 'com.acme.role': 'b' } },
      [{ path: 'labels["com.acme.role"]', kind: 'changed', before: 'a', after: 'b' }],
    ],
    [
      'a null cap that becomes a number',
      { resources: { memoryBytes: null } },
      { resources: { memoryBytes: 67108864 } },
      [{ path: 'resources.memoryBytes', kind: 'changed', before: null, after: 67108864 }],
    ],
  ])('reports %s', (_name, before, after, changes) => {
    expect(diffManifests(before, after)).toEqual(changes);
  });

  it('ignores key order, as the content hash does', () => {
    expect(diffManifests({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual([]);
  });
});

describe('unifiedManifestDiff', () => {
  it('renders both manifests as YAML and marks the changed line', () => {
    const patch = unifiedManifestDiff('thermo@1', { name: 'thermo', image: 'a:1' }, 'thermo@2', { name: 'thermo', image: 'a:2' });
    expect(patch).toContain('--- thermo@1');
    expect(patch).toContain('+++ thermo@2');
    expect(patch).toContain('-image: a:1\n+image: a:2');
  });

  it('has no hunks for equal manifests', () => {
    expect(unifiedManifestDiff('a', { x: 1 }, 'b', { x: 1 })).not.toContain('@@');
  });
});
