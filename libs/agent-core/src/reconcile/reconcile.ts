import { concurrentSteps } from '../plan/batch.js';
import { planSteps, type UpdateStrategy } from '../plan/planner.js';
import type { Step, Waiting } from '../plan/steps.js';
import type { ContainerRuntime, PullProgress } from '../runtime/runtime.js';
import type { CurrentState } from '../state/current.js';
import type { TargetState } from '../state/target.js';
import { executeStep } from './execute.js';
import { retryAfterFailure } from './retry-after-failure.js';

/** What one reconcile did. */
export interface ReconcileOutcome {
  /** Steps run. */
  steps: number;
  /** Services held back (a dependency not ready); empty when the gateway matches the target. */
  waiting: Waiting[];
  /** The gateway as last read, after the last step: callers judge health on it without reading again. */
  current: CurrentState;
}

/** A step that failed every attempt, and its last error. */
export interface StepFailure {
  step: Step;
  error: unknown;
}

/** What a reconcile reports as it goes. */
export interface ReconcileHooks {
  /** Just before each read of the gateway. */
  onRead?: () => void;
  onStep?: (step: Step) => void;
  /** `containerId` is the id a `create` step made. */
  onStepDone?: (step: Step, containerId: string | undefined) => void;
  onStepRetry?: (step: Step, error: Error, attempt: number) => void;
  /** A step that failed its last attempt; the reconcile fails once the rest of its batch has finished. */
  onStepFailed?: (failure: StepFailure) => void;
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
 * One reconcile: read the gateway, plan, run the first step together with the steps that
 * may run beside it ({@link concurrentSteps}; each with retries, backoff and jitter), and
 * again, until nothing is left to do now. Planning afresh after every batch means a step
 * that half-happened, or a change by hand meanwhile, is simply seen.
 */
export async function reconcile(runtime: ContainerRuntime, target: TargetState, options: ReconcileOptions): Promise<ReconcileOutcome> {
  const { signal, strategy, stepAttempts = 4, maxSteps = 500 } = options;
  for (let taken = 0; ; ) {
    signal.throwIfAborted();
    options.onRead?.();
    const current = await runtime.readCurrent();
    const plan = planSteps(current, target, { strategy });
    const batch = concurrentSteps(plan.steps, target);
    const [step] = batch;
    if (!step) return { steps: taken, waiting: plan.waiting, current };
    if (taken >= maxSteps) {
      throw new Error(`no convergence after ${maxSteps} steps; next was ${step.action} for ${step.appId}: ${step.reason}`);
    }
    for (const s of batch) options.onStep?.(s);
    const run = (s: Step) => {
      let attempt: Promise<unknown> = Promise.resolve();
      const retried = retryAfterFailure(() => (attempt = executeStep(runtime, s, signal, options.onPullProgress)), {
        retries: stepAttempts - 1,
        factor: 2,
        minTimeout: 250,
        maxTimeout: 8_000,
        randomize: true,
        signal,
        onFailedAttempt: (error) => options.onStepRetry?.(s, error, error.attemptNumber),
      });
      // pRetry gives up as soon as the signal aborts, but the Docker call under way goes on.
      // Waiting for it means the next reconcile reads what it did: one that read before a
      // network it was making existed would make a second network of the same name.
      return retried.finally(() => whenSettled(attempt));
    };
    // Every step of the batch runs to its end, so none is left half-done when another fails.
    const settled = await Promise.allSettled(batch.map(run));
    const failed: StepFailure[] = [];
    settled.forEach((result, i) => {
      const s = batch[i];
      if (!s) return;
      if (result.status === 'fulfilled') options.onStepDone?.(s, result.value);
      else failed.push({ step: s, error: result.reason });
    });
    // A step broken off by the signal did not fail: nothing is to be judged on it.
    if (!signal.aborted) for (const failure of failed) options.onStepFailed?.(failure);
    taken += batch.length;
    if (failed.length > 0) throw batchError(failed);
  }
}

/** Settles when `promise` does, whichever way. */
function whenSettled(promise: Promise<unknown>): Promise<void> {
  return promise.then(
    () => undefined,
    () => undefined,
  );
}

/** One failed step's own error; several failed steps in one error that names each. */
function batchError(failed: readonly StepFailure[]): unknown {
  const [only] = failed;
  if (only && failed.length === 1) return only.error;
  const what = failed.map(({ step, error }) => `${describeStep(step)}: ${error instanceof Error ? error.message : String(error)}`);
  return new AggregateError(
    failed.map((f) => f.error),
    `${failed.length} steps failed: ${what.join('; ')}`,
  );
}

function describeStep(step: Step): string {
  return `${step.action} ${step.appId}${'service' in step ? `/${step.service}` : step.action === 'pull' ? ` ${step.image}` : ''}`;
}
