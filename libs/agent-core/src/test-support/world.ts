import { AppSpecSchema, type AppSpecInput } from '@gantry/app-spec';
import { updatableCaps } from '../state/caps.js';
import type { CurrentState, ManagedContainer } from '../state/current.js';
import type { TargetApp, TargetState } from '../state/target.js';
import { concurrentSteps } from '../plan/batch.js';
import { planSteps, type PlanContext } from '../plan/planner.js';
import type { Step } from '../plan/steps.js';

/** A target app from a manifest written as a person would, defaults filled by app-spec. */
export function targetApp(appId: string, releaseId: string, manifest: AppSpecInput): TargetApp {
  return { appId, releaseId, spec: AppSpecSchema.parse(manifest), healthyWithinMs: 60_000 };
}

/** A target of the given apps. */
export function target(...apps: TargetApp[]): TargetState {
  return { apps: Object.fromEntries(apps.map((a) => [a.appId, a])) };
}

/** An empty gateway. */
export function emptyGateway(images: string[] = []): CurrentState {
  return { containers: [], images: new Set(images), networks: new Set(), volumes: [] };
}

/**
 * Applies one step to a model of the gateway the way Docker would, so tests can run the
 * planner in a loop to convergence exactly as the executor does.
 */
export function applyStep(state: CurrentState, step: Step, nextId: () => string): CurrentState {
  const containers = state.containers.map((c) => ({ ...c }));
  const find = (id: string): ManagedContainer => {
    const c = containers.find((x) => x.id === id);
    if (!c) throw new Error(`no container ${id}`);
    return c;
  };
  switch (step.action) {
    case 'pull':
      return { ...state, images: new Set([...state.images, step.image]) };
    case 'createNetwork':
      return { ...state, networks: new Set([...state.networks, step.appId]) };
    case 'removeNetwork':
      return { ...state, networks: new Set([...state.networks].filter((n) => n !== step.appId)) };
    case 'createVolume':
      return { ...state, volumes: [...state.volumes, { appId: step.appId, name: step.volume }] };
    case 'removeVolume':
      return { ...state, volumes: state.volumes.filter((v) => !(v.appId === step.appId && v.name === step.volume)) };
    case 'create':
      if (!state.images.has(step.spec.image)) throw new Error(`create before pull of ${step.spec.image}`);
      containers.push({
        id: nextId(),
        name: step.name,
        appId: step.appId,
        service: step.service,
        releaseId: step.releaseId,
        configHash: step.configHash,
        image: step.spec.image,
        state: 'created',
        health: step.spec.healthcheck ? 'starting' : 'none',
        exitCode: null,
        restartCount: 0,
        caps: updatableCaps(step.spec.resources),
      });
      break;
    case 'start':
      Object.assign(find(step.containerId), { state: 'running', exitCode: null });
      break;
    case 'stop':
      Object.assign(find(step.containerId), { state: 'exited', exitCode: 137 });
      break;
    case 'remove': {
      const c = find(step.containerId);
      if (c.state === 'running') throw new Error(`remove of running ${c.name}`);
      return { ...state, containers: containers.filter((x) => x.id !== step.containerId) };
    }
    case 'updateCaps':
      find(step.containerId).caps = { ...step.caps };
      break;
  }
  return { ...state, containers };
}

/** Runs plan → first step → plan until nothing is left; returns every step taken and the end state. */
export function converge(
  start: CurrentState,
  goal: TargetState,
  ctx: PlanContext = { strategy: 'download-then-kill' },
  { maxSteps = 100, afterStep = (s: CurrentState) => s } = {},
): { taken: Step[]; state: CurrentState } {
  let state = start;
  let n = 0;
  const taken: Step[] = [];
  for (;;) {
    const { steps } = planSteps(state, goal, ctx);
    const step = steps[0];
    if (!step) return { taken, state };
    if (taken.length >= maxSteps) throw new Error(`no convergence after ${maxSteps} steps: ${describe(taken.slice(-5))}`);
    taken.push(step);
    const inUse = new Set(state.containers.map((c) => c.id));
    const nextId = () => {
      do n += 1;
      while (inUse.has(idOf(n)));
      return idOf(n);
    };
    state = afterStep(applyStep(state, step, nextId));
  }
}

/**
 * Like {@link converge}, but as the executor runs: each round takes the first step with
 * the steps that may run beside it ({@link concurrentSteps}) and applies them all before
 * planning again. Returns the rounds, for assertions on what ran together.
 */
export function convergeConcurrently(
  start: CurrentState,
  goal: TargetState,
  ctx: PlanContext = { strategy: 'download-then-kill' },
  { maxRounds = 100 } = {},
): { rounds: Step[][]; state: CurrentState } {
  let state = start;
  let n = 0;
  const rounds: Step[][] = [];
  for (;;) {
    const batch = concurrentSteps(planSteps(state, goal, ctx).steps, goal);
    if (batch.length === 0) return { rounds, state };
    if (rounds.length >= maxRounds) throw new Error(`no convergence after ${maxRounds} rounds: ${describe(batch)}`);
    rounds.push(batch);
    for (const step of batch) {
      const inUse = new Set(state.containers.map((c) => c.id));
      const nextId = () => {
        do n += 1;
        while (inUse.has(idOf(n)));
        return idOf(n);
      };
      state = applyStep(state, step, nextId);
    }
  }
}

function idOf(n: number): string {
  return `c${String(n).padStart(3, '0')}`;
}

/** `action:service` for each step, for compact assertions. */
export function describe(steps: readonly Step[]): string[] {
  return steps.map((s) => {
    if (s.action === 'pull') return `pull:${s.image}`;
    if (s.action === 'createVolume' || s.action === 'removeVolume') return `${s.action}:${s.volume}`;
    if ('service' in s) return `${s.action}:${s.service}`;
    return `${s.action}:${s.appId}`;
  });
}
