import type { AppSpecInput } from '@gantry/app-spec';
import { afterEach, describe, expect, it } from 'vitest';
import { agentOnSim, targetOf } from '../test-support/agent-on-sim.js';
import { advanceUntil, MiB, release } from '../test-support/fixtures.js';
import type { BehaviourProfile } from './profile.js';

/** api depends on a healthy db; both have health checks and caps. */
function twoServices(apiImage: string, apiMemoryBytes = 64 * MiB): AppSpecInput {
  const healthcheck = { test: ['CMD', 'true'], intervalMs: 2_000, retries: 3 };
  const resources = { memoryBytes: 64 * MiB, nanoCpus: 500_000_000 };
  return {
    name: 'site',
    services: {
      db: { image: 'registry.local/db:1', healthcheck, restart: { policy: 'always' }, resources },
      api: {
        image: apiImage,
        healthcheck,
        restart: { policy: 'always' },
        resources: { ...resources, memoryBytes: apiMemoryBytes },
        dependsOn: { db: { condition: 'service_healthy' } },
      },
    },
  };
}

describe("the agent core's Supervisor on the simulated runtime", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function open(profile: BehaviourProfile = {}) {
    const agent = await agentOnSim(profile);
    close = agent.close;
    const states = async () => (await agent.runtime.readCurrent()).containers.map((c) => `${c.service}:${c.image}:${c.state}:${c.health}`).sort();
    const describeAgent = () => `status: ${JSON.stringify(agent.sut.status().health)}; last log: ${agent.lines.slice(-3).join(' | ')}`;
    return { ...agent, states, describeAgent };
  }

  it('converges a two-service app to running and healthy, and marks the release good', async () => {
    const { scheduler, sut, store, outbox, states, describeAgent } = await open();
    const start = scheduler.now();
    expect(await sut.setTarget(targetOf(1, release('site', 'r1', twoServices('registry.local/api:1'))))).toEqual({ status: 'accepted' });
    await advanceUntil(scheduler, () => store.state.lastGood['site']?.releaseId === 'r1', { describe: describeAgent });
    expect(await states()).toEqual(['api:registry.local/api:1:running:healthy', 'db:registry.local/db:1:running:healthy']);
    // Pulls of 3 MB and 2 MB at 1 MB/s, starts, and db's health before api may start.
    expect(scheduler.now() - start).toBeGreaterThan(5_000);
    const types = outbox.pending.map((e) => e.type);
    expect(types.filter((t) => t === 'service.started')).toHaveLength(2);
    expect(types.filter((t) => t === 'service.health')).toHaveLength(2);
    expect(types.at(-1)).toBe('release.applied');
    expect(sut.status().health['site']).toEqual({ state: 'healthy' });
  });

  it('leaves a release whose image is missing failing, with the pull error reported', async () => {
    const { scheduler, sut, store, outbox, lines, runtime, describeAgent } = await open({ missingImages: ['registry.local/api:9'] });
    await sut.setTarget(targetOf(1, release('site', 'r9', twoServices('registry.local/api:9'), 30_000)));
    // Each reconcile tries the pull four times, then the whole reconcile is retried with backoff.
    await advanceUntil(scheduler, () => lines.some((l) => l.startsWith('warn reconcile failed (attempt 3)')), { describe: describeAgent });
    expect(sut.status().lastReconcile?.error).toMatch(
      /^cannot pull registry\.local\/api:9 from registry registry\.local: manifest for registry\.local\/api:9 not found: manifest unknown/,
    );
    expect(lines.filter((l) => /^warn pull site failed \(attempt \d\): cannot pull registry\.local\/api:9/.test(l)).length).toBeGreaterThanOrEqual(9);
    expect(store.state.lastGood['site']).toBeUndefined();
    expect(outbox.pending.map((e) => e.type)).not.toContain('release.applied');
    const current = await runtime.readCurrent();
    expect(current.containers).toEqual([]);
    // The other service's image arrived; nothing starts while a pull of the release fails.
    expect(current.images.has('registry.local/db:1')).toBe(true);
  });

  it('rolls a crash-looping new release back to the last good one after its health deadline', async () => {
    // r2's api dies 5 s into every run: before it is ready (9 s), and before three failed
    // probes 2 s apart would call it unhealthy (6 s), so it is never healthy nor unhealthy.
    const profile: BehaviourProfile = {
      services: [{ match: { releaseId: 'r2', service: 'api' }, crash: { afterMs: 5_000, exitCode: 1 }, readyAfterMs: 9_000 }],
    };
    const { scheduler, sut, store, outbox, states, describeAgent } = await open(profile);
    await sut.setTarget(targetOf(1, release('site', 'r1', twoServices('registry.local/api:1'))));
    await advanceUntil(scheduler, () => store.state.lastGood['site']?.releaseId === 'r1', { describe: describeAgent });
    await sut.setTarget(targetOf(2, release('site', 'r2', twoServices('registry.local/api:2'), 15_000)));
    const applied = scheduler.now();
    await advanceUntil(scheduler, () => store.state.rolledBack['site'] !== undefined, { describe: describeAgent });
    expect(scheduler.now() - applied).toBeGreaterThan(15_000);
    expect(store.state.rolledBack['site']).toMatchObject({
      releaseId: 'r2',
      toReleaseId: 'r1',
      reason: expect.stringMatching(/^release r2 did not become healthy within 15 s \(api is (starting|restarting)\)$/),
    });
    await advanceUntil(scheduler, () => sut.status().health['site']?.state === 'healthy', { describe: describeAgent });
    expect(await states()).toEqual(['api:registry.local/api:1:running:healthy', 'db:registry.local/db:1:running:healthy']);
    const crashed = outbox.pending.filter((e) => e.type === 'service.died').filter((e) => e.detail.exitCode === 1);
    expect(crashed.length).toBeGreaterThanOrEqual(2);
    expect(crashed[0]).toMatchObject({ detail: { service: 'api', exitCode: 1, willRestart: true } });
    expect(outbox.pending.filter((e) => e.type === 'release.rolled-back')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ app: 'site', fromReleaseId: 'r2', toReleaseId: 'r1' }) }),
    ]);
  });

  it('reports an OOM kill as an OOM, with the memory cap', async () => {
    const profile: BehaviourProfile = { services: [{ match: { service: 'api' }, memoryBytes: 96 * MiB, memoryRampMs: 20_000 }] };
    const { scheduler, sut, outbox, runtime, describeAgent } = await open(profile);
    await sut.setTarget(targetOf(1, release('site', 'r1', twoServices('registry.local/api:1'))));
    await advanceUntil(scheduler, () => outbox.pending.some((e) => e.type === 'service.died'), { describe: describeAgent });
    const [oom, died] = outbox.pending.filter((e) => e.type === 'service.oom' || e.type === 'service.died');
    expect(oom).toMatchObject({ type: 'service.oom', detail: { app: 'site', service: 'api', memoryLimitBytes: 64 * MiB } });
    expect(died).toMatchObject({ type: 'service.died', detail: { service: 'api', exitCode: 137, willRestart: true } });
    const api = (await runtime.readCurrent()).containers.find((c) => c.service === 'api');
    expect(api && runtime.isOomKilled(api.id)).toBe(true);
  });

  it('changes caps in place, without a restart, when only caps change', async () => {
    const { scheduler, sut, store, outbox, runtime, describeAgent } = await open();
    await sut.setTarget(targetOf(1, release('site', 'r1', twoServices('registry.local/api:1'))));
    await advanceUntil(scheduler, () => store.state.lastGood['site']?.releaseId === 'r1', { describe: describeAgent });
    const before = (await runtime.readCurrent()).containers;
    const seenBefore = outbox.pending.length;
    await sut.setTarget(targetOf(2, release('site', 'r2', twoServices('registry.local/api:1', 96 * MiB))));
    await advanceUntil(scheduler, () => store.state.lastGood['site']?.releaseId === 'r2', { describe: describeAgent });
    const after = (await runtime.readCurrent()).containers;
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    const api = after.find((c) => c.service === 'api');
    expect(api).toMatchObject({ state: 'running', restartCount: 0, caps: { memoryBytes: 96 * MiB, memorySwapBytes: 192 * MiB } });
    const since = outbox.pending.slice(seenBefore).map((e) => e.type);
    expect(since).toEqual(['cap.drift', 'release.applied']);
  });
});
