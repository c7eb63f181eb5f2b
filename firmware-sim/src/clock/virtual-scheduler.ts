import { setImmediate as macrotask } from 'node:timers/promises';
import { runTask, sleepOn, type Cancellable, type Scheduler } from './scheduler.js';
import { TaskQueue } from './task-queue.js';

/** 2026-01-01T00:00:00Z: virtual runs start at a fixed, readable time. */
export const VIRTUAL_EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * A clock that moves only when told to. `advance` runs every task due in the window in
 * time order and lets the promise chains each task starts settle before the next one, so
 * a whole agent (its reconcile loop, retries and timers) runs in milliseconds of real time
 * and the same way on every run.
 */
export class VirtualScheduler implements Scheduler {
  private readonly queue = new TaskQueue();
  private timeMs: number;
  private readonly errors: unknown[] = [];
  private timerCount = 0;

  constructor(startMs: number = VIRTUAL_EPOCH_MS) {
    this.timeMs = startMs;
  }

  now(): number {
    return this.timeMs;
  }

  at(atMs: number, task: () => void): Cancellable {
    return this.queue.push(Math.max(atMs, this.timeMs), task);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Tasks waiting, cancelled ones included until they are reached. */
  get pending(): number {
    return this.queue.size;
  }

  /** Moves the clock `ms` forward, running what falls due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.timeMs + ms);
  }

  /**
   * Moves the clock to `targetMs`. Tasks due at one instant run together, then pending
   * promise work settles (it may schedule more at that instant) before time moves on.
   * Throws the first error a task threw, after the window has run.
   */
  async advanceTo(targetMs: number): Promise<void> {
    await macrotask();
    for (;;) {
      const next = this.queue.nextAtMs();
      if (next === undefined || next > targetMs) break;
      this.timeMs = Math.max(this.timeMs, next);
      for (let task = this.queue.popDue(this.timeMs); task; task = this.queue.popDue(this.timeMs)) {
        runTask(task, (error) => this.errors.push(error));
      }
      await macrotask();
    }
    this.timeMs = Math.max(this.timeMs, targetMs);
    const [first] = this.errors.splice(0);
    if (first !== undefined) throw first;
  }

  /**
   * `setTimeout` and friends on this clock, for code that uses the global timers (the
   * agent core's supervisor and its retries). Installing them is the caller's choice.
   */
  timers(): VirtualTimers {
    const schedule = (callback: (...args: unknown[]) => void, ms: unknown, args: unknown[], isRepeating: boolean) =>
      new VirtualTimer(this, ++this.timerCount, callback, typeof ms === 'number' && ms > 0 ? ms : 0, args, isRepeating);
    const clear = (handle: unknown) => {
      if (handle instanceof VirtualTimer) handle.cancel();
    };
    return {
      setTimeout: (callback, ms, ...args) => schedule(callback, ms, args, false),
      setInterval: (callback, ms, ...args) => schedule(callback, ms, args, true),
      clearTimeout: clear,
      clearInterval: clear,
    };
  }
}

/** Timer functions with the global ones' shape, running on a {@link VirtualScheduler}. */
export interface VirtualTimers {
  setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): VirtualTimer;
  setInterval(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): VirtualTimer;
  clearTimeout(handle: unknown): void;
  clearInterval(handle: unknown): void;
}

/** What the virtual `setTimeout` returns: cancellable, and shaped like Node's Timeout where callers poke at it. */
export class VirtualTimer {
  private task: Cancellable | undefined;

  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly id: number,
    private readonly callback: (...args: unknown[]) => void,
    private readonly ms: number,
    private readonly args: unknown[],
    private readonly isRepeating: boolean,
  ) {
    this.arm();
  }

  cancel(): void {
    this.task?.cancel();
    this.task = undefined;
  }

  refresh(): this {
    this.cancel();
    this.arm();
    return this;
  }

  // A virtual timer never keeps a process alive, so ref counting means nothing here.
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }

  private arm(): void {
    // Node runs a 0 ms interval every millisecond, not in a tight loop.
    const delay = this.isRepeating ? Math.max(1, this.ms) : this.ms;
    this.task = this.scheduler.at(this.scheduler.now() + delay, () => {
      if (this.isRepeating) this.arm();
      else this.task = undefined;
      this.callback(...this.args);
    });
  }
}
