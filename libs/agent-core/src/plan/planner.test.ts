import { describe as group, expect, it } from 'vitest';
import type { CurrentState } from '../state/current.js';
import { applyStep, converge, describe, emptyGateway, target, targetApp } from '../test-support/world.js';
import { planSteps } from './planner.js';

const MiB = 1024 * 1024;
const dtk = { strategy: 'download-then-kill' } as const;
const ktd = { strategy: 'kill-then-download' } as const;

const telemetry = (release: string, overrides: { image?: string; env?: Record<string, string>; memory?: number } = {}) =>
  targetApp('telemetry', release, {
    name: 'telemetry',
    services: {
      broker: {
        image: 'registry.local/mosquitto:2',
        resources: { memoryBytes: 64 * MiB, nanoCpus: 250_000_000 },
        restart: { policy: 'always' },
      },
      reader: {
        image: overrides.image ?? 'registry.local/modbus-reader:1',
        env: overrides.env ?? { PORT: '/dev/ttyUSB0' },
        dependsOn: { broker: { condition: 'service_started' } },
        volumes: [{ type: 'volume', source: 'buffer', target: '/data' }],
        resources: { memoryBytes: overrides.memory ?? 32 * MiB, nanoCpus: 100_000_000 },
        restart: { policy: 'unless-stopped' },
      },
    },
    volumes: { buffer: {} },
  });

function installed(release = telemetry('r1')): CurrentState {
  return converge(emptyGateway(), target(release)).state;
}

group('planSteps', () => {
  it('installs an app on an empty gateway: pulls, network, volume, then services in dependency order', () => {
    const { taken, state } = converge(emptyGateway(), target(telemetry('r1')));
    expect(describe(taken)).toEqual([
      'pull:registry.local/mosquitto:2',
      'pull:registry.local/modbus-reader:1',
      'createNetwork:telemetry',
      'createVolume:buffer',
      'create:broker',
      'start:broker',
      'create:reader',
      'start:reader',
    ]);
    expect(state.containers.map((c) => [c.service, c.state, c.releaseId])).toEqual([
      ['broker', 'running', 'r1'],
      ['reader', 'running', 'r1'],
    ]);
  });

  it('holds a dependent service back until what it depends on runs', () => {
    const plan = planSteps(emptyGateway(['registry.local/mosquitto:2', 'registry.local/modbus-reader:1']), target(telemetry('r1')), dtk);
    expect(describe(plan.steps)).toEqual(['createNetwork:telemetry', 'createVolume:buffer', 'create:broker']);
    expect(plan.waiting).toEqual([{ appId: 'telemetry', service: 'reader', reason: 'waiting for broker to be created' }]);
  });

  it('plans nothing for a gateway that already runs its target', () => {
    expect(planSteps(installed(), target(telemetry('r1')), dtk)).toEqual({ steps: [], waiting: [] });
  });

  it('keeps unchanged services running across a new release', () => {
    const { taken } = converge(installed(), target(telemetry('r2', { env: { PORT: '/dev/ttyUSB1' } })));
    expect(describe(taken)).toEqual(['stop:reader', 'remove:reader', 'create:reader', 'start:reader']);
  });

  it('downloads a new image before it stops the old container by default', () => {
    const { taken } = converge(installed(), target(telemetry('r2', { image: 'registry.local/modbus-reader:2' })), dtk);
    expect(describe(taken)).toEqual(['pull:registry.local/modbus-reader:2', 'stop:reader', 'remove:reader', 'create:reader', 'start:reader']);
  });

  it('stops the old container before downloading on low-disk gateways', () => {
    const { taken } = converge(installed(), target(telemetry('r2', { image: 'registry.local/modbus-reader:2' })), ktd);
    expect(describe(taken)).toEqual(['stop:reader', 'remove:reader', 'pull:registry.local/modbus-reader:2', 'create:reader', 'start:reader']);
  });

  it('changes caps in place, without a restart, when only their values change', () => {
    const { taken, state } = converge(installed(), target(telemetry('r2', { memory: 48 * MiB })));
    expect(describe(taken)).toEqual(['updateCaps:reader']);
    expect(taken[0]).toMatchObject({ changed: ['memoryBytes'], caps: { memoryBytes: 48 * MiB } });
    expect(state.containers.find((c) => c.service === 'reader')?.caps.memoryBytes).toBe(48 * MiB);
  });

  it('recreates a container when a cap is added that it did not have', () => {
    const release = telemetry('r2');
    const reader = release.spec.services['reader'];
    if (!reader) throw new Error('fixture lost its reader');
    reader.resources.pidsLimit = 64;
    expect(describe(converge(installed(), target(release)).taken)).toEqual(['stop:reader', 'remove:reader', 'create:reader', 'start:reader']);
  });

  it('removes a service that left the app and nothing else', () => {
    const release = telemetry('r2');
    delete release.spec.services['reader'];
    const { taken, state } = converge(installed(), target(release));
    expect(describe(taken)).toEqual(['stop:reader', 'remove:reader']);
    expect(state.containers.map((c) => c.service)).toEqual(['broker']);
  });

  it('removes an app whole: dependents stopped first, then its network and volumes', () => {
    const { taken, state } = converge(installed(), target());
    expect(describe(taken)).toEqual([
      'stop:broker',
      'stop:reader',
      'remove:broker',
      'remove:reader',
      'removeNetwork:telemetry',
      'removeVolume:buffer',
    ]);
    expect(state).toEqual(expect.objectContaining({ containers: [], volumes: [] }));
  });

  it('stops dependents before what they depend on when both change', () => {
    const next = telemetry('r2', { image: 'registry.local/modbus-reader:2' });
    const broker = next.spec.services['broker'];
    if (!broker) throw new Error('fixture lost its broker');
    broker.image = 'registry.local/mosquitto:3';
    const { taken } = converge(installed(), target(next));
    expect(describe(taken).filter((s) => s.startsWith('stop'))).toEqual(['stop:reader', 'stop:broker']);
    expect(describe(taken).filter((s) => s.startsWith('create'))).toEqual(['create:broker', 'create:reader']);
  });

  group('drift', () => {
    it('starts again a container stopped by hand', () => {
      const state = installed();
      const reader = state.containers.find((c) => c.service === 'reader');
      if (!reader) throw new Error('not installed');
      Object.assign(reader, { state: 'exited', exitCode: 137 });
      const plan = planSteps(state, target(telemetry('r1')), dtk);
      expect(describe(plan.steps)).toEqual(['start:reader']);
      expect(plan.steps[0]?.reason).toMatch(/exited \(code 137\).*unless-stopped/);
    });

    it('creates again a container removed by hand', () => {
      const state = installed();
      state.containers = state.containers.filter((c) => c.service !== 'broker');
      expect(describe(planSteps(state, target(telemetry('r1')), dtk).steps)).toEqual(['create:broker']);
    });

    it('restores caps changed by docker update', () => {
      const state = installed();
      const broker = state.containers.find((c) => c.service === 'broker');
      if (!broker) throw new Error('not installed');
      broker.caps = { ...broker.caps, memoryBytes: 512 * MiB };
      const [step] = planSteps(state, target(telemetry('r1')), dtk).steps;
      expect(step).toMatchObject({ action: 'updateCaps', service: 'broker', changed: ['memoryBytes'], caps: { memoryBytes: 64 * MiB } });
    });

    it('removes a duplicate container left by a crash, keeping the running one', () => {
      const state = installed();
      const broker = state.containers.find((c) => c.service === 'broker');
      if (!broker) throw new Error('not installed');
      state.containers.push({ ...broker, id: 'c999', state: 'created' });
      expect(describe(planSteps(state, target(telemetry('r1')), dtk).steps)).toEqual(['remove:broker']);
      expect(planSteps(state, target(telemetry('r1')), dtk).steps[0]).toMatchObject({ containerId: 'c999' });
    });

    it('replaces a dead container', () => {
      const state = installed();
      const broker = state.containers.find((c) => c.service === 'broker');
      if (!broker) throw new Error('not installed');
      broker.state = 'dead';
      expect(describe(converge(state, target(telemetry('r1'))).taken)).toEqual(['remove:broker', 'create:broker', 'start:broker']);
    });
  });

  group('restart policy', () => {
    const oneShot = (policy: 'no' | 'on-failure', maxRetries = 0) =>
      targetApp('jobs', 'r1', {
        name: 'jobs',
        services: { migrate: { image: 'registry.local/migrate:1', restart: { policy, maxRetries }, networkMode: 'none' } },
      });

    function exited(app: ReturnType<typeof oneShot>, exitCode: number, restartCount = 0): CurrentState {
      const state = converge(emptyGateway(), target(app)).state;
      Object.assign(state.containers[0] ?? {}, { state: 'exited', exitCode, restartCount });
      return state;
    }

    it('leaves a service with restart "no" stopped once it has run', () => {
      expect(planSteps(exited(oneShot('no'), 1), target(oneShot('no')), dtk).steps).toEqual([]);
    });

    it('restarts an on-failure service that failed, until Docker used up its retries', () => {
      expect(describe(planSteps(exited(oneShot('on-failure', 3), 1, 1), target(oneShot('on-failure', 3)), dtk).steps)).toEqual(['start:migrate']);
      expect(planSteps(exited(oneShot('on-failure', 3), 1, 3), target(oneShot('on-failure', 3)), dtk).steps).toEqual([]);
      expect(planSteps(exited(oneShot('on-failure', 3), 0), target(oneShot('on-failure', 3)), dtk).steps).toEqual([]);
    });

    it('does not create a network for an app whose services need none', () => {
      expect(converge(emptyGateway(), target(oneShot('no'))).state.networks.size).toBe(0);
    });
  });

  group('dependency conditions', () => {
    const healthyFirst = targetApp('site', 'r1', {
      name: 'site',
      services: {
        db: { image: 'registry.local/db:1', healthcheck: { test: ['CMD', 'true'] } },
        api: { image: 'registry.local/api:1', dependsOn: { db: { condition: 'service_healthy' } } },
      },
    });

    it('waits for a dependency to be healthy when asked to', () => {
      let state = converge(emptyGateway(), target(healthyFirst)).state;
      expect(state.containers.map((c) => c.service)).toEqual(['db']);
      const plan = planSteps(state, target(healthyFirst), dtk);
      expect(plan.waiting).toEqual([{ appId: 'site', service: 'api', reason: 'waiting for db to be healthy' }]);
      state = { ...state, containers: state.containers.map((c) => ({ ...c, health: 'healthy' as const })) };
      expect(describe(converge(state, target(healthyFirst)).taken)).toEqual(['create:api', 'start:api']);
    });
  });

  it('pulls an image shared by two services once', () => {
    const app = targetApp('pair', 'r1', {
      name: 'pair',
      services: { a: { image: 'registry.local/tool:1' }, b: { image: 'registry.local/tool:1' } },
    });
    const pulls = planSteps(emptyGateway(), target(app), dtk).steps.filter((s) => s.action === 'pull');
    expect(pulls).toHaveLength(1);
  });

  it('handles several apps independently, each in a stable order', () => {
    const other = targetApp('alpha', 'r9', { name: 'alpha', services: { one: { image: 'registry.local/one:1' } } });
    const { state } = converge(installed(), target(telemetry('r1'), other));
    expect(state.containers.map((c) => `${c.appId}/${c.service}`).sort()).toEqual(['alpha/one', 'telemetry/broker', 'telemetry/reader']);
    expect(planSteps(state, target(telemetry('r1'), other), dtk).steps).toEqual([]);
  });

  it('is deterministic: the same inputs give the same plan', () => {
    const state = installed();
    const goal = target(telemetry('r2', { image: 'registry.local/modbus-reader:2' }));
    expect(planSteps(state, goal, dtk)).toEqual(planSteps(state, goal, dtk));
  });

  it('never plans a step the model of Docker would reject', () => {
    // applyStep throws on a create before its pull and on removing a running container.
    const state = installed();
    expect(() => converge(state, target())).not.toThrow();
    expect(() => applyStep(state, { action: 'remove', appId: 'telemetry', service: 'broker', containerId: state.containers[0]?.id ?? '', reason: '' }, () => 'x')).toThrow(/running/);
  });
});
