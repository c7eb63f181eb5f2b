import { Supervisor } from '@gantry/agent-core';
import { afterEach, describe, expect, it } from 'vitest';
import { RealTimeScheduler } from '../clock/real-scheduler.js';
import { MemoryOutbox } from '../store/memory-outbox.js';
import { MemoryStateStore } from '../store/memory-state-store.js';
import { targetOf } from '../test-support/agent-on-sim.js';
import { MiB, oneService, release } from '../test-support/fixtures.js';
import { SimRegistry } from './registry.js';
import { SimRuntime } from './sim-runtime.js';

/** Polls on the wall clock until `condition` holds, failing after `withinMs`. */
async function pollUntil(condition: () => boolean, withinMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms. ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the simulated runtime on the real clock', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('runs the Supervisor to a healthy release, then a crash loop restarts on real time', async () => {
    const scheduler = new RealTimeScheduler();
    cleanups.push(() => scheduler.close());
    const runtime = new SimRuntime({
      scheduler,
      registry: new SimRegistry({ images: { 'registry.local/api:1': { bytes: 100_000, layers: 2 } } }),
      profile: {
        pullLatencyMs: 5,
        pullBytesPerSecond: 10_000_000,
        createMs: 2,
        startMs: 5,
        stopMs: 2,
        removeMs: 2,
        services: [{ match: { releaseId: 'r2' }, crash: { afterMs: 30 } }],
      },
      seed: 'real-clock',
    });
    const store = new MemoryStateStore();
    const sut = await Supervisor.open({
      runtime,
      store,
      outbox: new MemoryOutbox({ now: () => scheduler.now() }),
      limits: () => ({ allocatable: { memoryBytes: 512 * MiB, nanoCpus: 2_000_000_000 }, policy: {} }),
      strategy: 'download-then-kill',
      resyncIntervalMs: 60_000,
      recheckMs: 10,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    sut.start();
    cleanups.push(() => sut.stop());
    const fast = { healthcheck: { test: ['CMD', 'true'], intervalMs: 20, retries: 3 } };
    const started = Date.now();
    await sut.setTarget(targetOf(1, release('site', 'r1', oneService('registry.local/api:1', fast))));
    await pollUntil(() => store.state.lastGood['site']?.releaseId === 'r1', 5_000, () => JSON.stringify(sut.status().health));
    // Pull 5 ms + 10 ms, create, start 5 ms, first probe 20 ms: not instant, and far from seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    expect((await runtime.readCurrent()).containers).toMatchObject([{ state: 'running', health: 'healthy' }]);

    const restarts: number[] = [];
    const watching = new AbortController();
    cleanups.push(() => watching.abort());
    void runtime.watch((event) => {
      if (event.type === 'start') restarts.push(event.at.getTime());
    }, watching.signal);
    await sut.setTarget(targetOf(2, release('site', 'r2', oneService('registry.local/api:1', { ...fast, restart: { policy: 'always' }, env: { V: '2' } }))));
    await pollUntil(() => restarts.length >= 3, 5_000, () => `${restarts.length} starts`);
    expect(restarts.length).toBeGreaterThanOrEqual(3);
  });
});
