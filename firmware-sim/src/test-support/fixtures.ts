// Shared pieces of the simulator's tests: manifests, create steps and a virtual-time wait.
import { configHash, containerName, type CreateStep, type TargetApp } from '@gantry/agent-core';
import { AppSpecSchema, type AppSpecInput, type ServiceSpec } from '@gantry/app-spec';
import type { VirtualScheduler } from '../clock/virtual-scheduler.js';

export const MiB = 1024 * 1024;

/** A release of an app from a manifest written as a person would. */
export function release(appId: string, releaseId: string, manifest: AppSpecInput, healthyWithinMs = 60_000): TargetApp {
  return { appId, releaseId, spec: AppSpecSchema.parse(manifest), healthyWithinMs };
}

/** A one-service manifest with a fast health check. */
export function oneService(image: string, service: Partial<AppSpecInput['services'][string]> = {}): AppSpecInput {
  return {
    name: 'site',
    services: {
      api: {
        image,
        healthcheck: { test: ['CMD', 'true'], intervalMs: 1_000, retries: 3 },
        restart: { policy: 'always' },
        resources: { memoryBytes: 64 * MiB, nanoCpus: 500_000_000 },
        ...service,
      },
    },
  };
}

/** The create step the planner would make for a service of a release. */
export function createStep(app: TargetApp, service: string): CreateStep {
  const spec: ServiceSpec | undefined = app.spec.services[service];
  if (!spec) throw new Error(`fixture has no service ${service}`);
  const hash = configHash(spec);
  return {
    action: 'create',
    appId: app.appId,
    service,
    releaseId: app.releaseId,
    name: containerName(app.appId, service, hash),
    configHash: hash,
    spec,
    reason: 'test',
  };
}

/**
 * Moves virtual time in steps until `condition` holds, failing with `describe()` once
 * `withinMs` of virtual time has passed: a deadline, never a fixed sleep.
 */
export async function advanceUntil(
  scheduler: VirtualScheduler,
  condition: () => boolean,
  { withinMs = 120_000, stepMs = 100, describe = () => '' }: { withinMs?: number; stepMs?: number; describe?: () => string } = {},
): Promise<void> {
  const deadline = scheduler.now() + withinMs;
  while (!condition()) {
    if (scheduler.now() >= deadline) throw new Error(`condition not met within ${withinMs} ms of virtual time. ${describe()}`);
    await scheduler.advance(stepMs);
  }
}

/** Advances virtual time until `promise` settles, and returns its value (or throws its error). */
export async function settle<T>(scheduler: VirtualScheduler, promise: Promise<T>, withinMs = 600_000): Promise<T> {
  const box: { outcome?: { ok: true; value: T } | { ok: false; error: unknown } } = {};
  promise.then(
    (value) => (box.outcome = { ok: true, value }),
    (error: unknown) => (box.outcome = { ok: false, error }),
  );
  await advanceUntil(scheduler, () => box.outcome !== undefined, { withinMs, stepMs: 50, describe: () => 'the promise did not settle' });
  const { outcome } = box;
  if (!outcome) throw new Error('unreachable: advanceUntil returned before the promise settled');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
