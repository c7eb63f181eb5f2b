import type { TargetState } from '../state/target.js';
import type { Step } from './steps.js';

/**
 * Steps that may run side by side, by kind. Pulls, infrastructure and the bring-up of
 * services whose dependencies are ready touch separate objects and only add things, so
 * they can overlap as docker-compose overlaps them. Stops and removals keep their strict
 * order (dependents first, containers before their network), so they never share a batch.
 *
 * A container is created beside its app's network: Docker looks the network up when the
 * container starts, not when it is created, and every start comes in a later batch. (Should
 * an engine refuse the create, the step's retry finds the network there.) A named volume is
 * different: Docker would make a missing one itself, unlabelled, at create, so a create that
 * mounts a volume of the batch waits for it (see {@link areDependent}).
 */
const BATCH_KIND: Partial<Record<Step['action'], string>> = {
  pull: 'pull',
  createNetwork: 'create',
  createVolume: 'create',
  create: 'create',
  start: 'start',
  updateCaps: 'updateCaps',
};

/**
 * The first step of a plan and the steps right after it that may run at the same time:
 * the same kind (see {@link BATCH_KIND}), a different object, and no `dependsOn` between
 * two services of one app in the batch. Every step in it is one the planner found
 * possible now, so running them together reaches the same state as running them in turn;
 * the executor plans again once the whole batch is done.
 */
export function concurrentSteps(steps: readonly Step[], target: TargetState): Step[] {
  const [first] = steps;
  if (!first) return [];
  const kind = BATCH_KIND[first.action];
  const batch: Step[] = [first];
  if (kind === undefined) return batch;
  const objects = new Set([objectOf(first)]);
  for (const step of steps.slice(1)) {
    if (BATCH_KIND[step.action] !== kind || objects.has(objectOf(step))) break;
    if (batch.some((other) => areDependent(step, other, target))) break;
    objects.add(objectOf(step));
    batch.push(step);
  }
  return batch;
}

/** What a step acts on; two steps on one object never run together. */
function objectOf(step: Step): string {
  switch (step.action) {
    case 'pull':
      return `image ${step.image}`;
    case 'createNetwork':
    case 'removeNetwork':
      return `network ${step.appId}`;
    case 'createVolume':
    case 'removeVolume':
      return `volume ${step.appId}/${step.volume}`;
    default:
      return `service ${step.appId}/${step.service}`;
  }
}

/** Whether one step's service depends on the other's (either way), or mounts the volume the other makes, within one app. */
function areDependent(a: Step, b: Step, target: TargetState): boolean {
  if (a.appId !== b.appId) return false;
  if (a.action === 'createVolume' || b.action === 'createVolume') return mountsVolumeOf(a, b) || mountsVolumeOf(b, a);
  if (!('service' in a) || !('service' in b)) return false;
  const services = target.apps[a.appId]?.spec.services;
  const dependsOn = (from: string, on: string) => on in (services?.[from]?.dependsOn ?? {});
  return dependsOn(a.service, b.service) || dependsOn(b.service, a.service);
}

/** Whether `step` creates a container that mounts the volume `other` creates. */
function mountsVolumeOf(step: Step, other: Step): boolean {
  if (step.action !== 'create' || other.action !== 'createVolume') return false;
  return step.spec.volumes.some((mount) => mount.type === 'volume' && mount.source === other.volume);
}
