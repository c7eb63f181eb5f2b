import type { ReportedState } from '@gantry/protocol';
import { describe, expect, it } from 'vitest';
import type { ReleaseHealth } from '../release/health.js';
import type { CurrentState } from '../state/current.js';
import { initialAgentState, type AgentState } from '../store/agent-state.js';
import type { SupervisorStatus } from '../supervise/supervisor.js';
import { converge, emptyGateway, target, targetApp } from '../test-support/world.js';
import { buildReport, type ReportInput } from './report.js';

const MiB = 1024 * 1024;
const HASH = `sha256:${'ab'.repeat(32)}`;
const gateway = { allocatable: { memoryBytes: 512 * MiB, nanoCpus: 2_000_000_000 } };
const now = new Date('2026-03-01T12:00:00.000Z');

function release(releaseId: string) {
  return targetApp('site', releaseId, {
    name: 'site',
    services: { api: { image: `registry.local/api:${releaseId}`, restart: { policy: 'always' }, resources: { memoryBytes: 64 * MiB } } },
  });
}

function status(state: Partial<AgentState>, health: Record<string, ReleaseHealth>, waiting = 0): SupervisorStatus {
  const full = { ...initialAgentState(), ...state };
  const apps = full.target?.apps ?? {};
  return {
    state: full,
    target: { apps },
    health,
    lastReconcile: { at: now.toISOString(), outcome: { steps: 0, waiting: Array.from({ length: waiting }, () => ({ appId: 'site', service: 'api', reason: 'x' })), current: emptyGateway() } },
  };
}

const stored = (version: number, source: 'cloud' | 'local' = 'cloud') => ({ source, version, hash: HASH, receivedAt: now.toISOString(), apps: { site: release('r2') } });
const running = (): CurrentState => converge(emptyGateway(), target(release('r2'))).state;
const input = (over: Partial<ReportInput>): ReportInput => ({ status: status({}, {}), current: undefined, gateway, now, ...over });

describe('buildReport', () => {
  it('acks nothing and has no target progress before the first cloud target', () => {
    expect(buildReport(input({}))).toEqual({ ackedVersion: 0, ackedHash: null, target: { version: 0, state: 'none' }, apps: {}, gateway });
    expect(buildReport(input({ status: status({ target: stored(3, 'local') }, {}) }))).toMatchObject({ ackedVersion: 0, ackedHash: null });
  });

  it('acks the stored cloud target and calls it converged once every app is healthy and nothing waits', () => {
    const report = buildReport(input({ status: status({ target: stored(7), lastGood: { site: release('r2') } }, { site: { state: 'healthy' } }), current: running() }));
    expect(report).toMatchObject({ ackedVersion: 7, ackedHash: HASH, target: { version: 7, state: 'converged' } });
    expect(report.apps['site']).toMatchObject({ state: 'running', releaseId: 'r2', lastGoodReleaseId: 'r2', services: { api: { state: 'running', releaseId: 'r2' } } });
    expect(buildReport(input({ status: status({ target: stored(7) }, { site: { state: 'healthy' } }, 1), current: running() })).target.state).toBe('applying');
  });

  it('does not call a new release running on the previous release’s healthy verdict', () => {
    const updating = { ...stored(8), apps: { site: release('r3') } };
    const report = buildReport(input({ status: status({ target: updating, lastGood: { site: release('r2') } }, { site: { state: 'healthy' } }), current: running() }));
    expect(report.apps['site']).toMatchObject({ state: 'applying', releaseId: 'r3', lastGoodReleaseId: 'r2', services: { api: { releaseId: 'r2' } } });
    expect(report.target.state).toBe('applying');
  });

  it('reports a service the new release leaves as it was under that release: its container is kept, not recreated', () => {
    const app = (releaseId: string, apiTag: string) =>
      targetApp('site', releaseId, {
        name: 'site',
        services: {
          api: { image: `registry.local/api:${apiTag}`, restart: { policy: 'always' } },
          worker: { image: 'registry.local/worker:1', restart: { policy: 'always' } },
        },
      });
    const before = converge(emptyGateway(), target(app('r2', '1'))).state;
    const after = converge(before, target(app('r3', '2'))).state;
    const kept = before.containers.find((c) => c.service === 'worker');
    expect(after.containers.find((c) => c.service === 'worker')).toMatchObject({ id: kept?.id, releaseId: 'r2' });
    const updated = { ...stored(8), apps: { site: app('r3', '2') } };
    const report = buildReport(input({ status: status({ target: updated, lastGood: { site: app('r3', '2') } }, { site: { state: 'healthy' } }), current: after }));
    expect(report.apps['site']).toMatchObject({ state: 'running', releaseId: 'r3', services: { api: { releaseId: 'r3' }, worker: { releaseId: 'r3', containerId: kept?.id } } });
    // While the old release's container of a changed service still runs, it says so.
    const midway = buildReport(input({ status: status({ target: updated }, { site: { state: 'progressing', reason: 'api is starting' } }), current: before }));
    expect(midway.apps['site']?.services).toMatchObject({ api: { releaseId: 'r2' }, worker: { releaseId: 'r3' } });
  });

  it('shows services without a container as pending, with no caps yet', () => {
    const report = buildReport(input({ status: status({ target: stored(1) }, { site: { state: 'progressing', reason: 'api is not created yet' } }), current: emptyGateway() }));
    expect(report.apps['site']).toMatchObject({ state: 'applying', services: { api: { state: 'pending', containerId: null, caps: null, releaseId: 'r2' } } });
    expect(report.target.state).toBe('applying');
  });

  it('reports a refused newer target as refused, keeping the ack of the stored one', () => {
    const report = buildReport(input({ status: status({ target: stored(2) }, {}), refused: { version: 3, hash: HASH, reason: 'memory: too much' } }));
    expect(report).toMatchObject({ ackedVersion: 2, target: { version: 3, state: 'refused', reason: 'memory: too much' } });
  });

  it('names a failing release and an app rolled back to its last good release', () => {
    const failing = buildReport(input({ status: status({ target: stored(4) }, { site: { state: 'failed', reason: 'api is unhealthy' } }) }));
    expect(failing.target).toEqual({ version: 4, state: 'failed', reason: 'site: api is unhealthy' });
    const rolledBack = status(
      { target: stored(4), lastGood: { site: release('r1') }, rolledBack: { site: { releaseId: 'r2', toReleaseId: 'r1', reason: 'api is unhealthy', at: now.toISOString() } } },
      { site: { state: 'healthy' } },
    );
    rolledBack.target = { apps: { site: release('r1') } };
    expect(buildReport(input({ status: rolledBack })).apps['site']).toMatchObject({ state: 'rolled-back', releaseId: 'r1', lastGoodReleaseId: 'r1' });
  });

  it('lists an app still on the gateway but gone from the target as removing', () => {
    const report = buildReport(input({ status: status({ target: { ...stored(5), apps: {} } }, {}), current: running() }));
    expect(report.apps['site']).toMatchObject({ state: 'removing', releaseId: 'r2', services: { api: { state: 'running' } } });
    expect(report.target.state).toBe('applying');
  });

  it('keeps the time an error was first seen while it persists', () => {
    const current = running();
    const api = current.containers[0];
    if (!api) throw new Error('no container');
    Object.assign(api, { state: 'exited', exitCode: 3, restartCount: 1 });
    const base = input({ status: status({ target: stored(1) }, {}), current });
    const first = buildReport(base);
    const error = first.apps['site']?.services['api']?.lastError;
    expect(error).toEqual({ code: 'exited', message: 'api exited with code 3 after 1 restarts', at: now.toISOString() });
    const later: ReportedState = buildReport({ ...base, now: new Date(now.getTime() + 60_000), previous: first });
    expect(later.apps['site']?.services['api']?.lastError?.at).toBe(now.toISOString());
  });
});
