// A simulated engine on a virtual clock with fixed, round timings, for the runtime's tests.
import type { RuntimeEvent, TargetApp } from '@gantry/agent-core';
import { VirtualScheduler } from '../clock/virtual-scheduler.js';
import type { BehaviourProfile } from '../runtime/profile.js';
import { SimRegistry, type SimRegistryOptions } from '../runtime/registry.js';
import { SimRuntime } from '../runtime/sim-runtime.js';
import { createStep, settle } from './fixtures.js';

/** Timings that make elapsed virtual time easy to assert. */
export const FIXED_TIMINGS: BehaviourProfile = {
  pullLatencyMs: 100,
  pullBytesPerSecond: 1_000_000,
  createMs: 50,
  startMs: 500,
  stopMs: 200,
  removeMs: 50,
};

/** Images of the test registry: 3 MB in 3 layers, so a pull takes 3.1 s at the fixed timings. */
export const TEST_IMAGES: SimRegistryOptions['images'] = {
  'registry.local/api:1': { bytes: 3_000_000, layers: 3 },
  'registry.local/api:2': { bytes: 3_000_000, layers: 3 },
  'registry.local/db:1': { bytes: 2_000_000, layers: 2 },
};

/** A runtime, its clock, and every event it emitted. */
export function simulatedEngine(profile: BehaviourProfile = {}, registry: SimRegistryOptions = {}) {
  const scheduler = new VirtualScheduler();
  const sut = new SimRuntime({
    scheduler,
    registry: new SimRegistry({ seed: 'test', images: TEST_IMAGES, ...registry }),
    profile: { ...FIXED_TIMINGS, ...profile },
    seed: 'gw-test',
  });
  const events: RuntimeEvent[] = [];
  const watching = new AbortController();
  void sut.watch((event) => events.push(event), watching.signal);
  /** Pulls, creates and starts one service of a release, as the executor would; returns its id. */
  const runService = async (app: TargetApp, service: string): Promise<string> => {
    const step = createStep(app, service);
    await settle(scheduler, sut.pull(step.spec.image));
    await sut.createNetwork(app.appId);
    const id = await settle(scheduler, sut.create(step));
    await settle(scheduler, sut.start(id));
    return id;
  };
  const container = async (id: string) => (await sut.readCurrent()).containers.find((c) => c.id === id);
  /** `type` or `type:detail` of each event of one container, for compact assertions. */
  const eventsOf = (id: string) =>
    events
      .filter((e) => e.containerId === id)
      .map((e) => (e.type === 'die' ? `die:${e.exitCode}` : e.type === 'health' ? `health:${e.health}` : e.type));
  return { scheduler, sut, events, runService, container, eventsOf, stopWatching: () => watching.abort() };
}
