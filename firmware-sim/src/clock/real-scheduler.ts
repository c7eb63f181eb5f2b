import { runTask, sleepOn, type Cancellable, type Scheduler } from './scheduler.js';
import { TaskQueue } from './task-queue.js';

// setTimeout fires at once for delays past 2^31-1 ms, so longer waits are re-armed.
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** How a {@link RealTimeScheduler} reports a task that threw. */
export interface RealTimeSchedulerOptions {
  onError?: (error: unknown) => void;
}

/**
 * The wall clock, with one Node timer armed for the earliest task of the whole queue, so
 * a process running thousands of simulated gateways holds one timer, not thousands.
 */
export class RealTimeScheduler implements Scheduler {
  private readonly queue = new TaskQueue();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedForMs = Number.POSITIVE_INFINITY;
  private readonly onError: (error: unknown) => void;

  constructor(options: RealTimeSchedulerOptions = {}) {
    // By default a failing task surfaces as an uncaught error, as it would in its own setTimeout.
    this.onError =
      options.onError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  now(): number {
    return Date.now();
  }

  at(atMs: number, task: () => void): Cancellable {
    const queued = this.queue.push(atMs, task);
    if (atMs < this.armedForMs) this.arm();
    return queued;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Drops every waiting task and the timer (what was waiting never runs). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedForMs = Number.POSITIVE_INFINITY;
    this.queue.clear();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.queue.nextAtMs();
    if (next === undefined) {
      this.armedForMs = Number.POSITIVE_INFINITY;
      return;
    }
    this.armedForMs = next;
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, next - Date.now()));
    this.timer = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = undefined;
    this.armedForMs = Number.POSITIVE_INFINITY;
    const now = Date.now();
    for (let task = this.queue.popDue(now); task; task = this.queue.popDue(now)) runTask(task, this.onError);
    this.arm();
  }
}
