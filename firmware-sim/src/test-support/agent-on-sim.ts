// The agent core's real Supervisor on a simulated engine, all on one virtual clock: the
// supervisor's own timers and retries run on it too, through virtual global timers.
import { Supervisor, type Logger, type TargetApp, type TargetInput } from '@gantry/agent-core';
import { vi } from 'vitest';
import { VirtualScheduler } from '../clock/virtual-scheduler.js';
import { seededRandom } from '../random/prng.js';
import type { BehaviourProfile } from '../runtime/profile.js';
import { SimRegistry } from '../runtime/registry.js';
import { SimRuntime } from '../runtime/sim-runtime.js';
import { MemoryOutbox } from '../store/memory-outbox.js';
import { MemoryStateStore } from '../store/memory-state-store.js';
import { MiB, settle } from './fixtures.js';
import { FIXED_TIMINGS, TEST_IMAGES } from './sim-setup.js';

/** A target document of these releases. */
export function targetOf(version: number, ...apps: TargetApp[]): TargetInput {
  return {
    source: 'cloud',
    version,
    hash: `sha256:${String(version).padStart(64, '0')}`,
    apps: Object.fromEntries(apps.map((a) => [a.appId, a])),
  };
}

/**
 * Opens and starts a Supervisor over a simulated engine. Installs virtual timers and a
 * seeded `Math.random` (the retries' jitter) for the test; `close` stops the supervisor
 * and puts the real ones back.
 */
export async function agentOnSim(profile: BehaviourProfile = {}) {
  const scheduler = new VirtualScheduler();
  const timers = scheduler.timers();
  vi.stubGlobal('setTimeout', timers.setTimeout);
  vi.stubGlobal('clearTimeout', timers.clearTimeout);
  vi.stubGlobal('setInterval', timers.setInterval);
  vi.stubGlobal('clearInterval', timers.clearInterval);
  vi.spyOn(Math, 'random').mockImplementation(seededRandom('retry jitter'));
  const runtime = new SimRuntime({
    scheduler,
    registry: new SimRegistry({ seed: 'fleet', images: TEST_IMAGES }),
    profile: { ...FIXED_TIMINGS, ...profile },
    seed: 'gw-1',
  });
  const store = new MemoryStateStore();
  const outbox = new MemoryOutbox({ now: () => scheduler.now() });
  const lines: string[] = [];
  const log: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  const sut = await Supervisor.open({
    runtime,
    store,
    outbox,
    limits: () => ({ allocatable: { memoryBytes: 1024 * MiB, nanoCpus: 4_000_000_000 }, policy: {} }),
    strategy: 'download-then-kill',
    resyncIntervalMs: 30_000,
    recheckMs: 1_000,
    log,
    now: () => new Date(scheduler.now()),
  });
  sut.start();
  const close = async () => {
    await settle(scheduler, sut.stop());
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  };
  return { scheduler, runtime, store, outbox, sut, lines, close };
}
