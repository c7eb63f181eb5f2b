import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { device, deployment, manifest, release } from '../test-support/builders.js';
import { compileDesiredState, InconsistentFleetError } from './compile.js';

const berlin = device('gw-1', { site: 'berlin', tier: 'edge' });
const releases = [release('vision-1', 'vision'), release('vision-2', 'vision'), release('bridge-1', 'bridge')];
const at = (iso: string): Date => new Date(iso);

function releaseIds(deployments: Parameters<typeof compileDesiredState>[1]): Record<string, string> {
  const { apps } = compileDesiredState(berlin, deployments, releases);
  return Object.fromEntries(Object.entries(apps).map(([appId, app]) => [appId, app.releaseId]));
}

describe('compileDesiredState: which deployment wins', () => {
  it.each([
    ['deploys an app whose selector matches', [deployment('d1', 'vision', 'vision-1', 'site=berlin')], { vision: 'vision-1' }],
    ['leaves out an app whose selector does not match', [deployment('d1', 'vision', 'vision-1', 'site=lab')], {}],
    ['deploys to every gateway with the empty selector', [deployment('d1', 'vision', 'vision-1')], { vision: 'vision-1' }],
    [
      'lets the higher priority win',
      [
        deployment('d1', 'vision', 'vision-1', 'site=berlin', { priority: 10 }),
        deployment('d2', 'vision', 'vision-2', '', { priority: 0 }),
      ],
      { vision: 'vision-1' },
    ],
    [
      'lets a negative priority lose to zero',
      [
        deployment('d1', 'vision', 'vision-1', '', { priority: -1 }),
        deployment('d2', 'vision', 'vision-2', 'tier=edge'),
      ],
      { vision: 'vision-2' },
    ],
    [
      'breaks a priority tie by the newest deployment',
      [
        deployment('d1', 'vision', 'vision-1', '', { createdAt: at('2025-02-01T00:00:00Z') }),
        deployment('d2', 'vision', 'vision-2', '', { createdAt: at('2025-01-01T00:00:00Z') }),
      ],
      { vision: 'vision-1' },
    ],
    [
      'breaks a tie of priority and time by the smaller deployment id',
      [deployment('d2', 'vision', 'vision-2'), deployment('d1', 'vision', 'vision-1')],
      { vision: 'vision-1' },
    ],
    [
      'ignores a paused deployment even with the higher priority',
      [
        deployment('d1', 'vision', 'vision-1', '', { priority: 99, state: 'paused' }),
        deployment('d2', 'vision', 'vision-2'),
      ],
      { vision: 'vision-2' },
    ],
    [
      'ignores a rolled-back deployment, removing the app when nothing else matches',
      [deployment('d1', 'vision', 'vision-1', '', { state: 'rolled-back' })],
      {},
    ],
    [
      'decides each app on its own',
      [
        deployment('d1', 'vision', 'vision-1', '', { priority: 5 }),
        deployment('d2', 'bridge', 'bridge-1', 'gpu'),
        deployment('d3', 'bridge', 'bridge-1', 'tier in (edge)'),
      ],
      { vision: 'vision-1', bridge: 'bridge-1' },
    ],
  ])('%s', (_behaviour, deployments, expected) => {
    expect(releaseIds(deployments)).toEqual(expected);
  });

  it('gives the same result in any input order', () => {
    const all = [
      deployment('d1', 'vision', 'vision-1', '', { priority: 1 }),
      deployment('d2', 'vision', 'vision-2', '', { priority: 1 }),
      deployment('d3', 'bridge', 'bridge-1'),
    ];
    const expected = compileDesiredState(berlin, all, releases);
    expect(compileDesiredState(berlin, [...all].reverse(), [...releases].reverse())).toEqual(expected);
  });

  it('carries the release manifest and the deployment health deadline', () => {
    const sut = compileDesiredState(berlin, [deployment('d1', 'vision', 'vision-1', '', { healthyWithinMs: 60_000 })], releases);
    expect(sut.apps).toEqual({ vision: { releaseId: 'vision-1', manifest: manifest('vision'), healthyWithinMs: 60_000 } });
    expect(sut.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each([
    ['a release that does not exist', [deployment('d1', 'vision', 'vision-9')]],
    ['a release of another app', [deployment('d1', 'vision', 'bridge-1')]],
  ])('refuses a deployment naming %s rather than removing the app', (_what, deployments) => {
    expect(() => compileDesiredState(berlin, deployments, releases)).toThrow(InconsistentFleetError);
  });
});

describe('compileDesiredState: the hash', () => {
  const base = { deployments: [deployment('d1', 'vision', 'vision-1', '', { healthyWithinMs: 60_000 })], releases, settings: { reportIntervalMs: 30_000 } };
  const hashOf = (input: typeof base): string => compileDesiredState(berlin, input.deployments, input.releases, input.settings).hash;

  it.each<[string, typeof base]>([
    ['another release', { ...base, deployments: [deployment('d1', 'vision', 'vision-2', '', { healthyWithinMs: 60_000 })] }],
    [
      'another manifest content under the same release id',
      { ...base, releases: [release('vision-1', 'vision', { manifest: manifest('vision', 'registry.local/acme/app:2.0.0') })] },
    ],
    ['another health deadline', { ...base, deployments: [deployment('d1', 'vision', 'vision-1', '', { healthyWithinMs: 90_000 })] }],
    ['no health deadline', { ...base, deployments: [deployment('d1', 'vision', 'vision-1')] }],
    ['other settings', { ...base, settings: { reportIntervalMs: 60_000 } }],
    ['an app removed', { ...base, deployments: [] }],
  ])('changes with %s', (_change, changed) => {
    expect(hashOf(changed)).not.toBe(hashOf(base));
  });

  it.each<[string, typeof base]>([
    ['a winning deployment renamed and re-dated', { ...base, deployments: [deployment('d9', 'vision', 'vision-1', 'site=berlin', { healthyWithinMs: 60_000, createdAt: at('2030-01-01T00:00:00Z'), priority: 7 })] }],
    ['the release re-dated', { ...base, releases: [release('vision-1', 'vision', { createdAt: at('2030-01-01T00:00:00Z') })] }],
  ])('stays the same for %s', (_change, changed) => {
    expect(hashOf(changed)).toBe(hashOf(base));
  });
});

describe('compileDesiredState: stability', () => {
  // Unrelated things live under a label key no tested gateway has and an app id it never
  // runs, so they can be anything else at all.
  const label = fc.stringMatching(/^[a-z]{1,6}$/);
  const otherDevice = fc.record({ id: fc.stringMatching(/^gw-x[0-9]{1,3}$/), labels: fc.dictionary(label, label, { maxKeys: 3 }) });
  const date = fc.date({ min: at('2020-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z'), noInvalidDate: true });
  const otherRelease = fc.tuple(fc.stringMatching(/^other-[0-9]{1,3}$/), date).map(([id, createdAt]) => release(id, 'other', { createdAt }));
  const selectorNotMatchingBerlin = fc.constantFrom('site=lab', 'tier notin (edge)', '!site', 'unseen', 'site in (paris, rome)');
  const unrelatedDeployment = fc.oneof(
    // Another app, for other gateways.
    fc.tuple(fc.nat(99), selectorNotMatchingBerlin, fc.integer({ min: -5, max: 99 }), date).map(([n, sel, priority, createdAt]) =>
      deployment(`other-${n}`, 'other', 'other-1', sel, { priority, createdAt }),
    ),
    // The same app, for other gateways, whatever its priority.
    fc.tuple(fc.nat(99), selectorNotMatchingBerlin, fc.integer({ min: -5, max: 99 }), date).map(([n, sel, priority, createdAt]) =>
      deployment(`miss-${n}`, 'vision', 'vision-2', sel, { priority, createdAt }),
    ),
    // The same app and this gateway, but paused or rolled back.
    fc.tuple(fc.nat(99), fc.constantFrom('paused' as const, 'rolled-back' as const), date).map(([n, state, createdAt]) =>
      deployment(`off-${n}`, 'vision', 'vision-2', '', { priority: 99, state, createdAt }),
    ),
  );

  it('never changes a gateway hash when unrelated devices, deployments or releases are added', () => {
    const own = [deployment('d1', 'vision', 'vision-1', 'site=berlin', { priority: 10 })];
    const expected = compileDesiredState(berlin, own, releases);
    fc.assert(
      fc.property(
        fc.array(otherDevice, { maxLength: 5 }),
        fc.array(unrelatedDeployment, { maxLength: 8 }),
        fc.array(otherRelease, { maxLength: 5 }),
        fc.boolean(),
        (devices, deployments, extraReleases, ownFirst) => {
          // Other gateways never reach the compiler: its input is one device, by construction.
          expect(devices.every((d) => d.id !== berlin.id)).toBe(true);
          const all = ownFirst ? [...own, ...deployments] : [...deployments, ...own];
          const sut = compileDesiredState(berlin, all, [...extraReleases, release('other-1', 'other'), ...releases]);
          expect(sut).toEqual(expected);
        },
      ),
    );
  });
});
