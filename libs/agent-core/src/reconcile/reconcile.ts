import pRetry from 'p-retry';
import { planSteps, type UpdateStrategy } from '../plan/planner.js';
import type { Step, Waiting } from '../plan/steps.js';
import type { ContainerRuntime, PullProgress } from '../runtime/runtime.js';
import type { CurrentState } from '../state/current.js';
import type { TargetState } from '../state/target.js';
import { executeStep } from './execute.js';

/** What one reconcile did. */
export interface ReconcileOutcome {
  /** Steps run. */
  steps: number;
  /** Services held back (a dependency not ready); empty when the gateway matches the target. */
  waiting: Waiting[];
  /** The gateway as last read, after the last step: callers judge health on it without reading again. */
  current: CurrentState;
}

/** What a reconcile reports as it goes. */
export interface ReconcileHooks {
  onStep?: (step: Step) => void;
  /** `containerId` is the id a `create` step made. */
  onStepDone?: (step: Step, containerId: string | undefined) => void;
  onStepRetry?: (step: Step, error: Error, attempt: number) => void;
  onPullProgress?: (progress: PullProgress) => void;
}

/** Options of {@link reconcile}. */
export interface ReconcileOptions extends ReconcileHooks {
  strategy: UpdateStrategy;
  signal: AbortSignal;
  /** Attempts per step before the reconcile fails (it is retried as a whole later). */
  stepAttempts?: number;
  /** A reconcile that needs more steps than this is broken, not slow. */
  maxSteps?: number;
}

/**
 * One reconcile: read the gateway, plan, run the first step (with retries, backoff and
 * jitter), and again, until nothing is left to do now. Planning afresh after every step
 * means a step that half-happened, or a change by hand meanwhile, is simply seen.
 */
export async function reconcile(runtime: ContainerRuntime, target: TargetState, options: ReconcileOptions): Promise<ReconcileOutcome> {
  const { signal, strategy, stepAttempts = 4, maxSteps = 500 } = options;
  for (let taken = 0; ; taken += 1) {
    signal.throwIfAborted();
    const current = await runtime.readCurrent();
    const plan = planSteps(current, target, { strategy });
    const step = plan.steps[0];
    if (!step) return { steps: taken, waiting: plan.waiting, current };
    if (taken >= maxSteps) {
      throw new Error(`no convergence after ${maxSteps} steps; next was ${step.action} for ${step.appId}: ${step.reason}`);
    }
    options.onStep?.(step);
    const containerId = await pRetry(() => executeStep(runtime, step, signal, options.onPullProgress), {
      retries: stepAttempts - 1,
      factor: 2,
      minTimeout: 250,
      maxTimeout: 8_000,
      randomize: true,
      signal,
      onFailedAttempt: (error) => options.onStepRetry?.(step, error, error.attemptNumber),
    });
    options.onStepDone?.(step, containerId);
  }
}
