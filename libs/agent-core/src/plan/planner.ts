import type { ServiceSpec } from '@gantry/app-spec';
import { capsDiff, updatableCaps } from '../state/caps.js';
import type { CurrentState, ManagedContainer } from '../state/current.js';
import type { TargetApp, TargetState } from '../state/target.js';
import { configHash, containerName } from './config-hash.js';
import { startOrder } from './order.js';
import type { Plan, Step, Waiting } from './steps.js';

/**
 * How a service moves to a new image. `download-then-kill` keeps the old container running
 * until the new image is on disk (the default: least downtime). `kill-then-download` frees
 * the old container's disk first, for gateways with little flash.
 */
export type UpdateStrategy = 'download-then-kill' | 'kill-then-download';

/** What the planner needs besides current and target state. */
export interface PlanContext {
  strategy: UpdateStrategy;
}

/** Grace period for containers whose spec is gone (removed services and apps). */
const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/**
 * The pure planner: which steps move `current` towards `target`, in the order they must
 * run. The executor runs the first step and asks again, so each answer only has to be
 * right about what comes first; the rest shows a person what is still to do.
 */
export function planSteps(current: CurrentState, target: TargetState, ctx: PlanContext): Plan {
  const plan: Plan = { steps: [], waiting: [] };
  const containersByApp = groupBy(current.containers, (c) => c.appId);
  const appIds = new Set([
    ...Object.keys(target.apps),
    ...containersByApp.keys(),
    ...current.networks,
    ...current.volumes.map((v) => v.appId),
  ]);
  for (const appId of [...appIds].sort()) {
    const app = target.apps[appId];
    const containers = containersByApp.get(appId) ?? [];
    const part = app ? planApp(app, containers, current, ctx) : planRemoval(appId, containers, current);
    plan.steps.push(...part.steps);
    plan.waiting.push(...part.waiting);
  }
  return plan;
}

function planApp(app: TargetApp, containers: ManagedContainer[], current: CurrentState, ctx: PlanContext): Plan {
  const { appId, spec } = app;
  const order = startOrder(spec);
  const pulls: Step[] = [];
  const retire = new Retirement(appId);
  const infra: Step[] = [];
  const bringUp: Step[] = [];
  const waiting: Waiting[] = [];
  const keepers = new Map<string, ManagedContainer>();
  const pulling = new Set<string>();

  for (const container of containers) {
    if (!(container.service in spec.services)) retire.add(container, 'the service is no longer in the app', DEFAULT_STOP_TIMEOUT_MS);
  }

  for (const service of order) {
    const serviceSpec = spec.services[service];
    if (!serviceSpec) continue;
    const hash = configHash(serviceSpec);
    const mine = containers.filter((c) => c.service === service);
    const keeper = pickKeeper(mine.filter((c) => c.configHash === hash && c.state !== 'dead'));
    for (const container of mine) {
      if (container === keeper) continue;
      const why =
        container.configHash !== hash
          ? `release ${app.releaseId} changes the service`
          : container.state === 'dead'
            ? 'the container is dead'
            : 'a duplicate container';
      retire.add(container, why, serviceSpec.stopGracePeriodMs);
    }
    if (keeper) {
      keepers.set(service, keeper);
    } else if (!current.images.has(serviceSpec.image) && !pulling.has(serviceSpec.image)) {
      pulling.add(serviceSpec.image);
      pulls.push({ action: 'pull', appId, image: serviceSpec.image, reason: `service ${service} needs ${serviceSpec.image}` });
    }
  }

  const usesAppNetwork = Object.values(spec.services).some((s) => s.networkMode === 'app');
  if (usesAppNetwork && !current.networks.has(appId)) {
    infra.push({ action: 'createNetwork', appId, reason: 'the app has services on its own network' });
  }
  const haveVolumes = new Set(current.volumes.filter((v) => v.appId === appId).map((v) => v.name));
  for (const [volume, volumeSpec] of Object.entries(spec.volumes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!haveVolumes.has(volume)) {
      infra.push({ action: 'createVolume', appId, volume, spec: volumeSpec, reason: `volume ${volume} does not exist yet` });
    }
  }

  for (const service of order) {
    const serviceSpec = spec.services[service];
    if (!serviceSpec) continue;
    const keeper = keepers.get(service);
    const blocker = unreadyDependency(serviceSpec, keepers);
    if (keeper) {
      const steps = keepRunning(appId, service, serviceSpec, keeper);
      const starts = steps.some((s) => s.action === 'start');
      if (starts && blocker) waiting.push({ appId, service, reason: blocker });
      bringUp.push(...(starts && blocker ? steps.filter((s) => s.action !== 'start') : steps));
      continue;
    }
    if (blocker) {
      waiting.push({ appId, service, reason: blocker });
      continue;
    }
    const hash = configHash(serviceSpec);
    bringUp.push({
      action: 'create',
      appId,
      service,
      releaseId: app.releaseId,
      name: containerName(appId, service, hash),
      configHash: hash,
      spec: serviceSpec,
      reason: `release ${app.releaseId} runs service ${service}`,
    });
  }

  const clearOut = retire.steps(order);
  const first = ctx.strategy === 'download-then-kill' ? [...pulls, ...clearOut] : [...clearOut, ...pulls];
  return { steps: [...first, ...infra, ...bringUp], waiting };
}

function planRemoval(appId: string, containers: ManagedContainer[], current: CurrentState): Plan {
  const retire = new Retirement(appId);
  for (const container of containers) retire.add(container, 'the app is no longer in the target', DEFAULT_STOP_TIMEOUT_MS);
  const steps = retire.steps([]);
  if (current.networks.has(appId)) steps.push({ action: 'removeNetwork', appId, reason: 'the app is gone' });
  for (const volume of current.volumes.filter((v) => v.appId === appId)) {
    steps.push({ action: 'removeVolume', appId, volume: volume.name, reason: 'the app is gone' });
  }
  return { steps, waiting: [] };
}

/** Steps that keep an up-to-date container running with the caps it should have. */
function keepRunning(appId: string, service: string, spec: ServiceSpec, container: ManagedContainer): Step[] {
  const steps: Step[] = [];
  const startReason = whyStart(spec, container);
  if (startReason) steps.push({ action: 'start', appId, service, containerId: container.id, reason: startReason });
  const want = updatableCaps(spec.resources);
  const changed = capsDiff(want, container.caps);
  if (changed.length > 0) {
    steps.push({
      action: 'updateCaps',
      appId,
      service,
      containerId: container.id,
      caps: want,
      current: container.caps,
      changed,
      reason: `caps differ from the release: ${changed.join(', ')}`,
    });
  }
  return steps;
}

/**
 * Why a kept container should be started, or undefined to leave it. It follows the
 * restart policy the way Docker would, and also undoes a stop done by hand, which Docker
 * itself never reverts.
 */
function whyStart(spec: ServiceSpec, c: ManagedContainer): string | undefined {
  if (c.state === 'created') return 'the container is created but not started';
  if (c.state !== 'exited') return undefined;
  const { policy, maxRetries } = spec.restart;
  if (policy === 'no') return undefined;
  if (policy === 'on-failure') {
    if (c.exitCode === 0) return undefined;
    if (maxRetries > 0 && c.restartCount >= maxRetries) return undefined;
  }
  return `the container exited (code ${c.exitCode ?? 'unknown'}) and its restart policy is ${policy}`;
}

/** Why a new service must wait for one it depends on, or undefined when it may start. */
function unreadyDependency(spec: ServiceSpec, keepers: ReadonlyMap<string, ManagedContainer>): string | undefined {
  for (const [dep, { condition }] of Object.entries(spec.dependsOn).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const c = keepers.get(dep);
    if (!c) return `waiting for ${dep} to be created`;
    if (condition === 'service_started' && c.state !== 'running') return `waiting for ${dep} to run`;
    if (condition === 'service_healthy' && (c.state !== 'running' || (c.health !== 'healthy' && c.health !== 'none'))) {
      return `waiting for ${dep} to be healthy`;
    }
    if (condition === 'service_completed_successfully' && !(c.state === 'exited' && c.exitCode === 0)) {
      return `waiting for ${dep} to complete successfully`;
    }
  }
  return undefined;
}

/** Of several up-to-date containers of one service, keep a running one, else the first by id. */
function pickKeeper(candidates: ManagedContainer[]): ManagedContainer | undefined {
  const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : 1));
  return sorted.find((c) => c.state === 'running') ?? sorted[0];
}

/** Containers to take away: stopped dependents first, then removed. */
class Retirement {
  private readonly entries: { container: ManagedContainer; reason: string; timeoutMs: number }[] = [];

  constructor(private readonly appId: string) {}

  add(container: ManagedContainer, reason: string, timeoutMs: number): void {
    this.entries.push({ container, reason, timeoutMs });
  }

  /** Stops in reverse start order (dependents first), then removes. */
  steps(order: readonly string[]): Step[] {
    const rank = (service: string) => {
      const i = order.indexOf(service);
      return i === -1 ? Number.MAX_SAFE_INTEGER : i;
    };
    const sorted = [...this.entries].sort(
      (a, b) => rank(b.container.service) - rank(a.container.service) || (a.container.id < b.container.id ? -1 : 1),
    );
    const stops: Step[] = [];
    const removes: Step[] = [];
    for (const { container, reason, timeoutMs } of sorted) {
      const base = { appId: this.appId, service: container.service, containerId: container.id, reason };
      if (isLive(container)) stops.push({ ...base, action: 'stop', timeoutMs });
      if (container.state !== 'removing') removes.push({ ...base, action: 'remove' });
    }
    return [...stops, ...removes];
  }
}

function isLive(c: ManagedContainer): boolean {
  return c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
