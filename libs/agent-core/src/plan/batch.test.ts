import { describe as group, expect, it } from 'vitest';
import type { CurrentState } from '../state/current.js';
import { applyStep, converge, convergeConcurrently, describe, emptyGateway, target, targetApp } from '../test-support/world.js';
import { concurrentSteps } from './batch.js';
import { planSteps } from './planner.js';

const MiB = 1024 * 1024;
const dtk = { strategy: 'download-then-kill' } as const;
const caps = { memoryBytes: 32 * MiB, nanoCpus: 250_000_000 };

/** A broker, and a reader and a writer that depend on it (the shape of docker-compose's own examples). */
const site = (release = 'r1', image = 'registry.local/sleep:1') =>
  targetApp('site', release, {
    name: 'site',
    services: {
      broker: { image, resources: caps },
      reader: { image, resources: caps, dependsOn: { broker: { condition: 'service_started' } } },
      writer: { image: 'registry.local/writer:1', resources: caps, dependsOn: { broker: { condition: 'service_started' } } },
    },
  });

const rounds = (r: readonly (readonly Parameters<typeof describe>[0][number][])[]) => r.map((batch) => describe(batch));

group('concurrentSteps', () => {
  it('pulls in parallel, then brings up each level of the dependency graph together', () => {
    const { rounds: taken, state } = convergeConcurrently(emptyGateway(), target(site()));
    expect(rounds(taken)).toEqual([
      ['pull:registry.local/sleep:1', 'pull:registry.local/writer:1'],
      ['createNetwork:site', 'create:broker'],
      ['start:broker'],
      ['create:reader', 'create:writer'],
      ['start:reader', 'start:writer'],
    ]);
    expect(state.containers.map((c) => [c.service, c.state])).toEqual([
      ['broker', 'running'],
      ['reader', 'running'],
      ['writer', 'running'],
    ]);
  });

  it('reaches the same state as running the steps one at a time', () => {
    const goal = target(site(), targetApp('solo', 'r3', { name: 'solo', services: { one: { image: 'registry.local/one:1', resources: caps } } }));
    const one = converge(emptyGateway(), goal).state;
    const together = convergeConcurrently(emptyGateway(), goal).state;
    const summary = (s: CurrentState) => s.containers.map((c) => `${c.appId}/${c.service}:${c.state}:${c.configHash}`).sort();
    expect(summary(together)).toEqual(summary(one));
    expect(together.networks).toEqual(one.networks);
  });

  it('never runs a service in the same batch as one it depends on, nor before it runs', () => {
    const chain = targetApp('chain', 'r1', {
      name: 'chain',
      services: {
        a: { image: 'registry.local/x:1', resources: caps },
        b: { image: 'registry.local/x:1', resources: caps, dependsOn: { a: { condition: 'service_started' } } },
        c: { image: 'registry.local/x:1', resources: caps, dependsOn: { b: { condition: 'service_started' } } },
        d: { image: 'registry.local/x:1', resources: caps },
      },
    });
    const { rounds: taken } = convergeConcurrently(emptyGateway(['registry.local/x:1']), target(chain));
    expect(rounds(taken)).toEqual([
      ['createNetwork:chain', 'create:a', 'create:d'],
      ['start:a', 'start:d'],
      ['create:b'],
      ['start:b'],
      ['create:c'],
      ['start:c'],
    ]);
  });

  it('creates the containers beside their network, and starts none before the network is there', () => {
    const app = targetApp('solo', 'r1', { name: 'solo', services: { one: { image: 'registry.local/x:1', resources: caps } } });
    const { rounds: taken } = convergeConcurrently(emptyGateway(['registry.local/x:1']), target(app));
    expect(rounds(taken)).toEqual([['createNetwork:solo', 'create:one'], ['start:one']]);
    // A container made earlier (its network since removed by hand) waits for the network to start.
    const [, create] = planSteps(emptyGateway(['registry.local/x:1']), target(app), dtk).steps;
    if (!create) throw new Error('no create planned');
    const created = applyStep(emptyGateway(['registry.local/x:1']), create, () => 'c1');
    const plan = planSteps(created, target(app), dtk);
    expect(describe(plan.steps)).toEqual(['createNetwork:solo', 'start:one']);
    expect(describe(concurrentSteps(plan.steps, target(app)))).toEqual(['createNetwork:solo']);
  });

  it('creates a container that mounts a named volume only once the volume is made', () => {
    const app = targetApp('store', 'r1', {
      name: 'store',
      services: {
        db: { image: 'registry.local/x:1', resources: caps, volumes: [{ type: 'volume', source: 'data', target: '/data' }] },
        web: { image: 'registry.local/x:1', resources: caps },
      },
      volumes: { data: {} },
    });
    const { rounds: taken } = convergeConcurrently(emptyGateway(['registry.local/x:1']), target(app));
    expect(rounds(taken)).toEqual([['createNetwork:store', 'createVolume:data'], ['create:db', 'create:web'], ['start:db', 'start:web']]);
  });

  it('keeps a dependency and its dependent apart even when the planner would start both at once', () => {
    // A migration that completed, restarted by its policy, and a service waiting on its completion.
    const app = targetApp('jobs', 'r1', {
      name: 'jobs',
      services: {
        migrate: { image: 'registry.local/migrate:1', resources: caps, restart: { policy: 'always' } },
        api: { image: 'registry.local/api:1', resources: caps, dependsOn: { migrate: { condition: 'service_completed_successfully' } } },
      },
    });
    const completed = (state: CurrentState): CurrentState => ({
      ...state,
      containers: state.containers.map((c) => (c.service === 'migrate' ? { ...c, state: 'exited' as const, exitCode: 0 } : c)),
    });
    // migrate has run and completed; api is created but not started yet (e.g. the agent restarted).
    let state = completed(converge(emptyGateway(['registry.local/migrate:1', 'registry.local/api:1']), target(app)).state);
    const createApi = planSteps(state, target(app), dtk).steps.find((s) => s.action === 'create');
    if (!createApi) throw new Error('the planner did not create api');
    state = applyStep(state, createApi, () => 'c900');
    const plan = planSteps(state, target(app), dtk);
    expect(describe(plan.steps)).toEqual(['start:migrate', 'start:api']);
    expect(describe(concurrentSteps(plan.steps, target(app)))).toEqual(['start:migrate']);
  });

  it('runs stops and removals one at a time, dependents first', () => {
    const installed = convergeConcurrently(emptyGateway(), target(site())).state;
    const { rounds: taken } = convergeConcurrently(installed, target());
    expect(taken.every((batch) => batch.length === 1)).toBe(true);
    expect(rounds(taken).flat()).toEqual(describe(converge(installed, target()).taken));
    const changed = site('r2', 'registry.local/sleep:2');
    const replaced = convergeConcurrently(installed, target(changed)).rounds;
    expect(rounds(replaced).filter((batch) => batch[0]?.startsWith('stop'))).toEqual([['stop:reader'], ['stop:broker']]);
  });

  it('pulls an image two apps need once per batch', () => {
    const pull = (appId: string) => ({ action: 'pull' as const, appId, image: 'registry.local/shared:1', reason: '' });
    const other = { action: 'pull' as const, appId: 'two', image: 'registry.local/other:1', reason: '' };
    expect(concurrentSteps([pull('one'), pull('two'), other], target())).toEqual([pull('one')]);
    expect(concurrentSteps([pull('one'), other, pull('two')], target())).toEqual([pull('one'), other]);
  });

  it('never reaches past a step of another kind, so no create runs before its app has pulled', () => {
    const one = targetApp('one', 'r1', { name: 'one', services: { a: { image: 'registry.local/a:1', resources: caps, networkMode: 'none' } } });
    const two = targetApp('two', 'r1', { name: 'two', services: { b: { image: 'registry.local/b:1', resources: caps, networkMode: 'none' } } });
    const plan = planSteps(emptyGateway(['registry.local/a:1']), target(one, two), dtk);
    expect(describe(plan.steps)).toEqual(['create:a', 'pull:registry.local/b:1', 'create:b']);
    expect(describe(concurrentSteps(plan.steps, target(one, two)))).toEqual(['create:a']);
  });

  it('plans nothing for nothing', () => {
    expect(concurrentSteps([], target())).toEqual([]);
  });
});
