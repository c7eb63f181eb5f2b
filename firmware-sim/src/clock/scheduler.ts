import type { QueuedTask } from './task-queue.js';

/** Something scheduled that can still be called off. */
export interface Cancellable {
  cancel(): void;
}

/**
 * Time and delayed work for simulated gateways. The simulated runtime reads the time and
 * waits only through this, so the same code runs on the real clock or on a virtual one
 * that a test (or a fleet run faster than real time) moves by hand.
 */
export interface Scheduler {
  /** Milliseconds since the epoch on this scheduler's clock. */
  now(): number;
  /** Runs `task` at `atMs` (as soon as possible if that has passed), after tasks due earlier or scheduled before it. */
  at(atMs: number, task: () => void): Cancellable;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** {@link Scheduler.sleep} on top of {@link Scheduler.at}. */
export function sleepOn(scheduler: Pick<Scheduler, 'now' | 'at'>, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const task = scheduler.at(scheduler.now() + Math.max(0, ms), () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    function onAbort(): void {
      task.cancel();
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs one due task; a failing task must not stop the others sharing the queue. */
export function runTask(task: QueuedTask, onError: (error: unknown) => void): void {
  try {
    task.run();
  } catch (error) {
    onError(error);
  }
}
