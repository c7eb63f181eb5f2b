import { describe, expect, it } from 'vitest';
import type { CreateStep, Step } from '../plan/steps.js';
import { MemoryRuntime } from '../test-support/memory-ports.js';
import { describe as describeSteps, target, targetApp } from '../test-support/world.js';
import { reconcile, type StepFailure } from './reconcile.js';

const caps = { memoryBytes: 32 * 1024 * 1024, nanoCpus: 250_000_000 };
const image = 'registry.local/sleep:1';
const site = target(
  targetApp('site', 'r1', {
    name: 'site',
    services: {
      broker: { image, resources: caps },
      reader: { image, resources: caps, dependsOn: { broker: { condition: 'service_started' } } },
      writer: { image, resources: caps, dependsOn: { broker: { condition: 'service_started' } } },
    },
  }),
);

/** The memory engine, with creates that take until `release()` and may be made to fail by service. */
class SlowCreates extends MemoryRuntime {
  readonly inFlight = new Set<string>();
  maxInFlight = 0;
  failing = new Set<string>();

  override async create(step: CreateStep): Promise<string> {
    this.inFlight.add(step.service);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.size);
    // Yield a few turns, so creates that run side by side overlap here.
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    this.inFlight.delete(step.service);
    if (this.failing.has(step.service)) throw new Error(`no space left on device creating ${step.service}`);
    return super.create(step);
  }
}

async function run(runtime: MemoryRuntime) {
  const started: Step[] = [];
  const done: Step[] = [];
  const failed: StepFailure[] = [];
  const outcome = reconcile(runtime, site, {
    strategy: 'download-then-kill',
    signal: new AbortController().signal,
    stepAttempts: 1,
    onStep: (step) => started.push(step),
    onStepDone: (step) => done.push(step),
    onStepFailed: (failure) => failed.push(failure),
  });
  return { outcome, started, done, failed };
}

describe('reconcile', () => {
  it('runs the steps of a batch at the same time and reports each one', async () => {
    const runtime = new SlowCreates();
    const { outcome, started, done, failed } = await run(runtime);
    expect((await outcome).steps).toBe(8);
    expect(failed).toEqual([]);
    expect(runtime.maxInFlight).toBe(2);
    expect(describeSteps(started)).toEqual([
      `pull:${image}`,
      'createNetwork:site',
      'create:broker',
      'start:broker',
      'create:reader',
      'create:writer',
      'start:reader',
      'start:writer',
    ]);
    expect(describeSteps(done)).toEqual(describeSteps(started));
    expect(runtime.state.containers.map((c) => [c.service, c.state])).toEqual([
      ['broker', 'running'],
      ['reader', 'running'],
      ['writer', 'running'],
    ]);
  });

  it('lets the rest of a batch finish when one step fails, then fails with that step’s error', async () => {
    const runtime = new SlowCreates();
    runtime.failing.add('writer');
    const { outcome, done } = await run(runtime);
    await expect(outcome).rejects.toThrow('no space left on device creating writer');
    expect(describeSteps(done).slice(-1)).toEqual(['create:reader']);
    expect(runtime.state.containers.map((c) => c.service)).toEqual(['broker', 'reader']);
  });

  it('runs a step that failed once again, after a pause, and says which attempt failed', async () => {
    const runtime = new (class extends SlowCreates {
      override async create(step: CreateStep): Promise<string> {
        if (step.service === 'reader' && this.failing.has('reader')) {
          this.failing.delete('reader');
          throw new Error('the engine is busy');
        }
        return super.create(step);
      }
    })();
    runtime.failing.add('reader');
    const retried: string[] = [];
    const outcome = await reconcile(runtime, site, {
      strategy: 'download-then-kill',
      signal: new AbortController().signal,
      stepAttempts: 2,
      onStepRetry: (step, error, attempt) => retried.push(`${describeSteps([step])[0]} attempt ${attempt}: ${error.message}`),
    });
    expect(outcome.steps).toBe(8);
    expect(retried).toEqual(['create:reader attempt 1: the engine is busy']);
    expect(runtime.state.containers.map((c) => [c.service, c.state]).sort()).toEqual([
      ['broker', 'running'],
      ['reader', 'running'],
      ['writer', 'running'],
    ]);
  });

  it('names every failed step when several fail in one batch', async () => {
    const runtime = new SlowCreates();
    runtime.failing = new Set(['reader', 'writer']);
    const { outcome, failed } = await run(runtime);
    await expect(outcome).rejects.toThrow(
      /2 steps failed: create site\/reader: no space left on device creating reader; create site\/writer: no space left on device creating writer/,
    );
    expect(failed.map(({ step, error }) => [describeSteps([step])[0], String(error)])).toEqual([
      ['create:reader', 'Error: no space left on device creating reader'],
      ['create:writer', 'Error: no space left on device creating writer'],
    ]);
    expect(runtime.state.containers.map((c) => c.service)).toEqual(['broker']);
  });

  it('reports no failed step when a new target breaks the reconcile off', async () => {
    const runtime = new (class extends MemoryRuntime {
      override async pull(_image: string, _onProgress?: unknown, signal?: AbortSignal): Promise<void> {
        await new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('the pull was broken off')), { once: true }));
      }
    })();
    const abort = new AbortController();
    const failed: StepFailure[] = [];
    const outcome = reconcile(runtime, site, {
      strategy: 'download-then-kill',
      signal: abort.signal,
      stepAttempts: 1,
      onStep: () => queueMicrotask(() => abort.abort()),
      onStepFailed: (failure) => failed.push(failure),
    });
    await expect(outcome).rejects.toThrow();
    expect(failed).toEqual([]);
  });

  it('ends a broken-off reconcile only once the Docker call under way has ended', async () => {
    let finish = (): void => undefined;
    const runtime = new (class extends MemoryRuntime {
      // A network create that ignores the signal, as a Docker API call does.
      override async createNetwork(appId: string): Promise<void> {
        await new Promise<void>((resolve) => (finish = resolve));
        await super.createNetwork(appId);
      }
    })();
    runtime.state = { ...runtime.state, images: new Set([image]) };
    const abort = new AbortController();
    const aborted = new Promise((resolve) => abort.signal.addEventListener('abort', resolve, { once: true }));
    let hasEnded = false;
    const outcome = reconcile(runtime, site, {
      strategy: 'download-then-kill',
      signal: abort.signal,
      stepAttempts: 1,
      onStep: (step) => step.action === 'createNetwork' && queueMicrotask(() => abort.abort()),
    }).finally(() => (hasEnded = true));
    await aborted;
    // Turns enough for pRetry to give up and the reconcile to end, were it not waiting.
    for (let i = 0; i < 50; i += 1) await Promise.resolve();
    expect(hasEnded).toBe(false);
    finish();
    await expect(outcome).rejects.toThrow();
    expect(runtime.state.networks.has('site')).toBe(true);
  });
});
