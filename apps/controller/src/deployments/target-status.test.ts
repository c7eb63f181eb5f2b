import type { AppStatus, ReportedState, ServiceStatus } from '@gantry/protocol';
import { describe, expect, it } from 'vitest';
import { deriveTargetStatus, type TargetUnderReport } from './target-status.js';

const target: TargetUnderReport = { appId: 'thermo', releaseId: 'thermo@2', status: 'targeted', desiredVersion: 3 };

function service(overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return { state: 'running', health: 'healthy', releaseId: 'thermo@2', containerId: 'abcdef123456', restartCount: 0, caps: null, lastError: null, ...overrides };
}

function app(overrides: Partial<AppStatus> = {}): AppStatus {
  return { state: 'running', releaseId: 'thermo@2', lastGoodReleaseId: 'thermo@2', services: { main: service() }, ...overrides };
}

function report(overrides: Partial<ReportedState> = {}): ReportedState {
  return {
    ackedVersion: 3,
    ackedHash: null,
    target: { version: 3, state: 'converged' },
    apps: { thermo: app() },
    gateway: { allocatable: { nanoCpus: 2_000_000_000, memoryBytes: 1_073_741_824, pids: 1000 } },
    ...overrides,
  };
}

describe('deriveTargetStatus', () => {
  it.each<[string, ReportedState, string]>([
    ['not acked yet', report({ ackedVersion: 2, target: { version: 2, state: 'converged' }, apps: {} }), 'targeted'],
    ['acked, still applying', report({ target: { version: 3, state: 'applying' }, apps: { thermo: app({ state: 'applying' }) } }), 'acked'],
    ['acked a later version', report({ ackedVersion: 5, apps: { thermo: app({ state: 'applying', releaseId: 'thermo@1' }) } }), 'acked'],
    ['running and healthy', report(), 'converged'],
    ['running without health checks', report({ apps: { thermo: app({ services: { main: service({ health: 'none' }) } }) } }), 'converged'],
    ['updating: the app names the release, a container is still the previous one', report({ apps: { thermo: app({ services: { main: service({ releaseId: 'thermo@1' }) } }) } }), 'acked'],
    ['running, one service still starting', report({ apps: { thermo: app({ services: { main: service(), side: service({ health: 'starting' }) } }) } }), 'acked'],
    ['running, one service unhealthy', report({ apps: { thermo: app({ services: { main: service({ health: 'unhealthy' }) } }) } }), 'acked'],
    ['running, one service exited', report({ apps: { thermo: app({ services: { main: service({ state: 'exited' }) } }) } }), 'acked'],
    ['running another release', report({ apps: { thermo: app({ releaseId: 'thermo@1' }) } }), 'acked'],
    ['degraded', report({ apps: { thermo: app({ state: 'degraded' }) } }), 'acked'],
    ['app failed on this release', report({ apps: { thermo: app({ state: 'failed' }) } }), 'failed'],
    ['target refused', report({ target: { version: 3, state: 'refused', reason: 'caps above allocatable' } }), 'failed'],
    ['a later target failed', report({ ackedVersion: 4, target: { version: 4, state: 'failed', reason: 'pull failed' } }), 'failed'],
    ['rolled back by the agent', report({ apps: { thermo: app({ state: 'rolled-back', releaseId: 'thermo@1' }) } }), 'rolled-back'],
  ])('%s → %s', (_name, reported, status) => {
    expect(deriveTargetStatus(target, reported)?.status).toBe(status);
  });

  it('ignores a refusal of an older version than the one that carried the release', () => {
    const reported = report({ ackedVersion: 2, target: { version: 2, state: 'refused', reason: 'caps' }, apps: {} });
    expect(deriveTargetStatus(target, reported)).toEqual({ status: 'targeted', reason: null });
  });

  it('ignores an app failing on another release', () => {
    const reported = report({ apps: { thermo: app({ state: 'failed', releaseId: 'thermo@1' }) } });
    expect(deriveTargetStatus(target, reported)?.status).toBe('acked');
  });

  it("takes the reason from the gateway's target progress, then from the service's last error", () => {
    expect(deriveTargetStatus(target, report({ target: { version: 3, state: 'refused', reason: 'gateway gw-1 has 312 MiB allocatable' } }))).toEqual({
      status: 'failed',
      reason: 'gateway gw-1 has 312 MiB allocatable',
    });
    const lastError = { code: 'health-timeout', message: 'not healthy within 60 s', at: '2026-01-01T00:00:00.000Z' };
    const rolledBack = app({ state: 'rolled-back', releaseId: 'thermo@1', services: { main: service({ lastError }) } });
    expect(deriveTargetStatus(target, report({ apps: { thermo: rolledBack } }))).toEqual({ status: 'rolled-back', reason: 'main: not healthy within 60 s' });
  });

  it.each<[string, TargetUnderReport]>([
    ['pending', { ...target, status: 'pending' }],
    ['superseded', { ...target, status: 'superseded' }],
    ['never published', { ...target, desiredVersion: null }],
  ])('leaves a %s row alone', (_name, row) => {
    expect(deriveTargetStatus(row, report())).toBeUndefined();
  });
});
