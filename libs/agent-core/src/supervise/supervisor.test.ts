import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildReport } from '../sync/report.js';
import { MemoryOutbox, MemoryRuntime, MemoryStore } from '../test-support/memory-ports.js';
import { targetApp } from '../test-support/world.js';
import { Supervisor, type SupervisorOptions, type TargetInput } from './supervisor.js';

const MiB = 1024 * 1024;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function release(releaseId: string, image: string, healthyWithinMs = 60_000) {
  const app = targetApp('site', releaseId, {
    name: 'site',
    services: {
      api: {
        image,
        healthcheck: { test: ['CMD', 'true'] },
        restart: { policy: 'always' },
        resources: { memoryBytes: 64 * MiB, nanoCpus: 500_000_000 },
      },
    },
  });
  return { ...app, healthyWithinMs };
}

/** The memory engine, with images the registry does not have: their pulls fail as a registry answers. */
class MissingImages extends MemoryRuntime {
  failedPulls = 0;
  constructor(private readonly missing: readonly string[]) {
    super();
  }
  override async pull(image: string): Promise<void> {
    if (!this.missing.includes(image)) return super.pull(image);
    this.failedPulls += 1;
    throw new Error('manifest unknown: manifest unknown');
  }
}

/** Says when a container starts, as Docker's event stream does, before the start call returns. */
class StartEventsRuntime extends MemoryRuntime {
  startEvents = 0;
  override async start(containerId: string): Promise<void> {
    await super.start(containerId);
    const started = this.state.containers.find((c) => c.id === containerId);
    this.startEvents += 1;
    this.emit({ type: 'start', containerId, appId: started?.appId ?? '', service: started?.service ?? '', at: new Date() });
  }
}

/** The memory engine, telling watchers of the death of each container it stops, as Docker does. */
class DiesOnStop extends MemoryRuntime {
  override async stop(containerId: string, timeoutMs: number): Promise<void> {
    const stopped = this.state.containers.find((c) => c.id === containerId && c.state === 'running');
    await super.stop(containerId, timeoutMs);
    if (stopped) this.emit({ type: 'die', containerId, appId: stopped.appId, service: stopped.service, exitCode: 143, at: new Date() });
  }
}

/** The memory engine whose container creates (of one image, when given) wait for a gate, counting reads made while one is under way. */
class SlowCreates extends MemoryRuntime {
  creating = 0;
  readsWhileCreating = 0;
  private release: () => void = () => undefined;
  private gate = new Promise<void>((resolve) => (this.release = resolve));
  constructor(private readonly image?: string) {
    super();
  }
  open(): void {
    this.release();
  }
  /** Makes creates wait again, until the next `open`. */
  hold(): void {
    this.gate = new Promise<void>((resolve) => (this.release = resolve));
  }
  override async readCurrent() {
    if (this.creating > 0) this.readsWhileCreating += 1;
    return super.readCurrent();
  }
  override async create(step: Parameters<MemoryRuntime['create']>[0]): Promise<string> {
    if (this.image !== undefined && step.spec.image !== this.image) return super.create(step);
    this.creating += 1;
    try {
      await this.gate;
      return await super.create(step);
    } finally {
      this.creating -= 1;
    }
  }
}

/** The memory engine whose event stream breaks the first time it is watched, as Docker's does when the daemon restarts. */
class EventStreamBreaksOnce extends MemoryRuntime {
  watches = 0;
  override async watch(onEvent: Parameters<MemoryRuntime['watch']>[0], signal: AbortSignal): Promise<void> {
    this.watches += 1;
    if (this.watches === 1) throw new Error('connect ECONNREFUSED /var/run/docker.sock');
    return super.watch(onEvent, signal);
  }
}

function input(version: number, ...apps: ReturnType<typeof release>[]): TargetInput {
  return { source: 'local', version, hash: `sha256:${String(version).padStart(64, '0')}`, apps: Object.fromEntries(apps.map((a) => [a.appId, a])) };
}

describe('Supervisor', () => {
  const running: Supervisor[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  /** A started supervisor on `runtime`, with a fresh store and outbox unless given, and test settings unless overridden. */
  async function open(runtime = new MemoryRuntime(), parts: Partial<Omit<SupervisorOptions, 'store' | 'outbox'>> & { store?: MemoryStore; outbox?: MemoryOutbox } = {}) {
    const { store = new MemoryStore(), outbox = new MemoryOutbox(), ...overrides } = parts;
    const sut = await Supervisor.open({
      runtime,
      store,
      outbox,
      limits: () => ({ allocatable: { memoryBytes: 256 * MiB, nanoCpus: 2_000_000_000 }, policy: {} }),
      strategy: 'download-then-kill',
      resyncIntervalMs: 60_000,
      recheckMs: 10,
      retry: { stepAttempts: 1, minDelayMs: 5, maxDelayMs: 20 },
      log: quiet,
      ...overrides,
    });
    running.push(sut);
    sut.start();
    return { sut, runtime, store, outbox };
  }

  it('stores a target before acting on it, then converges and marks the release good', async () => {
    const { sut, runtime, store, outbox } = await open();
    const savesBefore = store.saves;
    expect(await sut.setTarget(input(1, release('r1', 'registry.local/api:1')))).toEqual({ status: 'accepted' });
    expect(store.saves).toBeGreaterThan(savesBefore);
    await sut.idle();
    expect(runtime.state.containers.map((c) => [c.service, c.state, c.health])).toEqual([['api', 'running', 'healthy']]);
    expect(store.saved.lastGood['site']?.releaseId).toBe('r1');
    expect(outbox.events.map((e) => e.type)).toEqual(['pull.progress', 'service.created', 'release.applied']);
  });

  it('answers unchanged for the same target twice', async () => {
    const { sut } = await open();
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    expect(await sut.setTarget(input(1, release('r1', 'registry.local/api:1')))).toEqual({ status: 'unchanged' });
  });

  it('refuses a target over allocatable whole, records why, and keeps running what it had', async () => {
    const { sut, runtime, store, outbox } = await open();
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    const big = release('r2', 'registry.local/api:2');
    const api = big.spec.services['api'];
    if (!api) throw new Error('fixture lost its api');
    api.resources.memoryBytes = 512 * MiB;
    const before = structuredClone(store.saved);
    const result = await sut.setTarget(input(2, big));
    expect(result).toEqual({ status: 'refused', reasons: [expect.stringMatching(/^memory: the target asks for 512 MiB but this gateway has 256 MiB/)] });
    expect(store.saved).toEqual(before);
    await sut.idle();
    expect(runtime.state.containers.map((c) => c.image)).toEqual(['registry.local/api:1']);
    expect(outbox.events.at(-1)).toMatchObject({ type: 'target.refused', detail: { version: 2 } });
  });

  it('rolls back by itself to the last good release when a new one turns unhealthy', async () => {
    const { sut, runtime, store, outbox } = await open();
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    await sut.setTarget(input(2, release('r2', 'registry.local/api-unhealthy:2')));
    await sut.idle();
    expect(runtime.state.containers.map((c) => [c.image, c.state])).toEqual([['registry.local/api:1', 'running']]);
    expect(store.saved.rolledBack['site']).toMatchObject({ releaseId: 'r2', toReleaseId: 'r1', reason: 'api is unhealthy' });
    expect(outbox.events.filter((e) => e.type === 'release.rolled-back')).toEqual([
      expect.objectContaining({ detail: { app: 'site', fromReleaseId: 'r2', toReleaseId: 'r1', reason: 'api is unhealthy' } }),
    ]);
    expect(sut.status().health['site']).toEqual({ state: 'healthy' });
  });

  it('rolls back when a release does not get healthy before its deadline', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const runtime = new MemoryRuntime();
    const { sut } = await open(runtime, { now: () => new Date(clock) });
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    await sut.setTarget(input(2, release('r2', 'registry.local/api-slow:2', 5_000)));
    await sut.idle();
    expect(sut.status().health['site']).toEqual({ state: 'progressing', reason: 'api is starting' });
    clock += 6_000;
    sut.trigger();
    await sut.idle();
    expect(sut.status().state.rolledBack['site']?.reason).toBe('release r2 did not become healthy within 5 s (api is starting)');
    expect(runtime.state.containers.map((c) => c.image)).toEqual(['registry.local/api:1']);
  });

  it('starts a new target on top of the stored one after a restart, with no duplicate containers', async () => {
    const runtime = new MemoryRuntime();
    const store = new MemoryStore();
    const first = await open(runtime, { store });
    await first.sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await first.sut.idle();
    await first.sut.stop();
    for (const c of runtime.state.containers) c.state = 'exited';
    const second = await open(runtime, { store });
    await second.sut.idle();
    expect(runtime.state.containers.map((c) => [c.image, c.state])).toEqual([['registry.local/api:1', 'running']]);
  });

  it('reconciles on a runtime event: a container removed by hand comes back', async () => {
    const { sut, runtime } = await open();
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    const [gone] = runtime.state.containers.splice(0);
    runtime.emit({ type: 'destroy', containerId: gone?.id ?? '', appId: 'site', service: 'api', at: new Date() });
    await sut.idle();
    expect(runtime.state.containers).toHaveLength(1);
    expect(runtime.state.containers[0]?.id).not.toBe(gone?.id);
  });

  it('does not reconcile again for the engine’s events about its own steps, which its last read saw', async () => {
    const runtime = new StartEventsRuntime();
    let reconciles = 0;
    const { sut } = await open(runtime, { onReconciled: () => Promise.resolve(void (reconciles += 1)) });
    await sut.idle();
    reconciles = 0;
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    expect(runtime.startEvents).toBe(1);
    expect(runtime.state.containers.map((c) => c.state)).toEqual(['running']);
    expect(reconciles).toBe(1);
  });

  it('reconciles again for an event that came after its last read of the gateway', async () => {
    const runtime = new MemoryRuntime();
    let removedByHand: string | undefined;
    const { sut } = await open(runtime, {
      // While the first reconcile of the release is being judged, after its last read, a container goes.
      onReconciled: () => {
        const [gone] = removedByHand === undefined ? runtime.state.containers.splice(0) : [];
        if (gone) {
          removedByHand = gone.id;
          runtime.emit({ type: 'destroy', containerId: gone.id, appId: 'site', service: 'api', at: new Date() });
        }
        return Promise.resolve();
      },
    });
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await vi.waitFor(() => expect(removedByHand).toBeDefined());
    await sut.idle();
    expect(runtime.state.containers).toHaveLength(1);
    expect(runtime.state.containers[0]?.id).not.toBe(removedByHand);
  });

  it('watches the engine’s events again after the stream broke, and says so once', async () => {
    const warnings: string[] = [];
    const runtime = new EventStreamBreaksOnce();
    const { sut } = await open(runtime, { log: { ...quiet, warn: (line: string) => warnings.push(line) } });
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    // The retry waits 1–2 s; the stream is back once a second watch has begun.
    await vi.waitFor(() => expect(runtime.watches).toBe(2), { timeout: 5_000 });
    expect(warnings.filter((line) => line.includes("lost the runtime's event stream"))).toEqual([
      "lost the runtime's event stream: connect ECONNREFUSED /var/run/docker.sock; reconnecting",
    ]);
    const [gone] = runtime.state.containers.splice(0);
    runtime.emit({ type: 'destroy', containerId: gone?.id ?? '', appId: 'site', service: 'api', at: new Date() });
    await sut.idle();
    expect(runtime.state.containers).toHaveLength(1);
  });

  it('rolls back by hand to the last good release, and has nothing to do when the current one is the good one', async () => {
    const { sut, runtime } = await open();
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    expect(await sut.rollback()).toEqual([]);
    await sut.setTarget(input(2, release('r2', 'registry.local/api-slow:2')));
    await sut.idle();
    expect(await sut.rollback()).toEqual(['site']);
    await sut.idle();
    expect(runtime.state.containers.map((c) => c.image)).toEqual(['registry.local/api:1']);
    expect(sut.status().state.rolledBack['site']).toMatchObject({ releaseId: 'r2', reason: 'rolled back by hand' });
  });

  it('rolls back by itself when the new release’s image cannot be pulled, naming the image and the registry’s error', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const runtime = new MissingImages(['registry.local/api:9']);
    const { sut, store, outbox } = await open(runtime, { now: () => new Date(clock) });
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    await sut.setTarget(input(2, release('r2', 'registry.local/api:9', 5_000)));
    const pullError = 'cannot pull registry.local/api:9: manifest unknown: manifest unknown';
    await vi.waitFor(() => expect(sut.status().health['site']).toEqual({ state: 'progressing', reason: pullError }));
    expect(store.saved.rolledBack).toEqual({});
    clock += 6_000;
    await sut.idle();
    const reason = `release r2 did not become healthy within 5 s (${pullError})`;
    expect(store.saved.rolledBack['site']).toMatchObject({ releaseId: 'r2', toReleaseId: 'r1', reason });
    expect(outbox.events.filter((e) => e.type === 'release.rolled-back')).toEqual([
      expect.objectContaining({ detail: { app: 'site', fromReleaseId: 'r2', toReleaseId: 'r1', reason } }),
    ]);
    // Download-then-kill: the last good release never stopped.
    expect(runtime.state.containers.map((c) => [c.image, c.state])).toEqual([['registry.local/api:1', 'running']]);
    expect(runtime.calls).not.toContain('stop');
    expect(sut.status().health['site']).toEqual({ state: 'healthy' });
  });

  it('reports a first release whose image cannot be pulled as failed, with the pull error, and keeps trying', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const runtime = new MissingImages(['registry.local/api:9']);
    const { sut, store } = await open(runtime, { now: () => new Date(clock) });
    await sut.setTarget({ ...input(1, release('r9', 'registry.local/api:9', 5_000)), source: 'cloud' });
    await vi.waitFor(() => expect(sut.status().health['site']?.state).toBe('progressing'));
    clock += 6_000;
    const reason = 'release r9 did not become healthy within 5 s (cannot pull registry.local/api:9: manifest unknown: manifest unknown)';
    await vi.waitFor(() => expect(sut.status().health['site']).toEqual({ state: 'failed', reason }));
    const report = buildReport({
      status: sut.status(),
      current: await runtime.readCurrent(),
      gateway: { allocatable: { memoryBytes: 256 * MiB, nanoCpus: 2_000_000_000 } },
      now: new Date(clock),
    });
    expect(report.apps['site']?.state).toBe('failed');
    expect(report.target).toEqual({ version: 1, state: 'failed', reason: `site: ${reason}` });
    expect(store.saved.lastGood).toEqual({});
    expect(store.saved.rolledBack).toEqual({});
    const tried = runtime.failedPulls;
    await vi.waitFor(() => expect(runtime.failedPulls).toBeGreaterThan(tried));
  });

  it('records the deaths of containers it stops itself as stops, and a crash as a crash about to restart', async () => {
    const runtime = new DiesOnStop();
    const { sut, outbox } = await open(runtime);
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    const [first] = runtime.state.containers;
    if (!first) throw new Error('r1 made no container');
    runtime.emit({ type: 'die', containerId: first.id, appId: 'site', service: 'api', exitCode: 1, at: new Date() });
    await sut.idle();
    await sut.setTarget(input(2, release('r2', 'registry.local/api:2')));
    await sut.idle();
    const [second] = runtime.state.containers;
    if (!second) throw new Error('r2 made no container');
    await sut.setTarget(input(3));
    await sut.idle();
    expect(runtime.state.containers).toEqual([]);
    const deaths = outbox.events.filter((e) => e.type === 'service.died' || e.type === 'service.stopped');
    expect(deaths.map((e) => ({ type: e.type, detail: e.detail }))).toEqual([
      { type: 'service.died', detail: { app: 'site', service: 'api', containerId: first.id, exitCode: 1, restartCount: 0, willRestart: true } },
      { type: 'service.stopped', detail: { app: 'site', service: 'api', containerId: first.id, exitCode: 143 } },
      { type: 'service.stopped', detail: { app: 'site', service: 'api', containerId: second.id, exitCode: 143 } },
    ]);
  });

  it('starts the reconcile of a new target only after the Docker calls of the one it broke off have ended', async () => {
    const runtime = new SlowCreates();
    const { sut } = await open(runtime);
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await vi.waitFor(() => expect(runtime.creating).toBe(1));
    // A new target breaks the reconcile off while its create is still with the engine.
    await sut.setTarget(input(2, release('r2', 'registry.local/api:2')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runtime.readsWhileCreating).toBe(0);
    runtime.open();
    await sut.idle();
    expect(runtime.readsWhileCreating).toBe(0);
    expect(runtime.state.containers.map((c) => [c.image, c.state])).toEqual([['registry.local/api:2', 'running']]);
  });

  it('breaks off the reconcile under way when it stops: the Docker call in flight ends, no step follows it', async () => {
    const runtime = new SlowCreates();
    const { sut } = await open(runtime);
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await vi.waitFor(() => expect(runtime.creating).toBe(1));
    const stopped = sut.stop();
    runtime.open();
    await stopped;
    expect(runtime.state.containers.map((c) => [c.image, c.state])).toEqual([['registry.local/api:1', 'created']]);
  });

  it('has no verdict on an app’s new release until it has judged that release', async () => {
    const runtime = new SlowCreates('registry.local/api:2');
    const { sut } = await open(runtime);
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    expect(sut.status().health['site']).toEqual({ state: 'healthy' });
    await sut.setTarget(input(2, release('r2', 'registry.local/api:2')));
    await vi.waitFor(() => expect(runtime.creating).toBe(1));
    // What a caller waiting for r2's verdict reads while r2 is still being created.
    expect(sut.status().health['site']).toBeUndefined();
    runtime.open();
    await sut.idle();
    expect(sut.status().health['site']).toEqual({ state: 'healthy' });
    expect(sut.status().state.lastGood['site']?.releaseId).toBe('r2');
  });

  it('has no verdict on an app’s release after a rollback by hand until it has judged the release rolled back to', async () => {
    const runtime = new SlowCreates('registry.local/api:1');
    runtime.open();
    const { sut } = await open(runtime);
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await sut.idle();
    await sut.setTarget(input(2, release('r2', 'registry.local/api-slow:2')));
    await sut.idle();
    expect(sut.status().health['site']?.state).toBe('progressing');
    runtime.hold();
    expect(await sut.rollback()).toEqual(['site']);
    await vi.waitFor(() => expect(runtime.creating).toBe(1));
    expect(sut.status().health['site']).toBeUndefined();
    runtime.open();
    await sut.idle();
    expect(sut.status().health['site']).toEqual({ state: 'healthy' });
  });

  it('stops waiting for idle when the wait is aborted, and still tells later waiters when it goes idle', async () => {
    const runtime = new SlowCreates();
    const { sut } = await open(runtime);
    await sut.setTarget(input(1, release('r1', 'registry.local/api:1')));
    await vi.waitFor(() => expect(runtime.creating).toBe(1));
    const abandoned = new AbortController();
    const waits = [sut.idle(abandoned.signal), sut.idle(abandoned.signal)];
    abandoned.abort();
    await Promise.all(waits);
    expect(runtime.creating).toBe(1);
    await sut.idle(AbortSignal.timeout(20));
    expect(runtime.creating).toBe(1);
    const untilIdle = sut.idle();
    runtime.open();
    await untilIdle;
    expect(runtime.state.containers.map((c) => [c.image, c.state])).toEqual([['registry.local/api:1', 'running']]);
  });
});
