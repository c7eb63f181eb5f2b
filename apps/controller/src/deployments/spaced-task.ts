import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a {@link SpacedTask} rests after each run. */
export interface Spacing {
  /** The shortest rest. */
  readonly minRestMs: number;
  /** The rest is at least this many times as long as the run took. */
  readonly restPerRunMs: number;
}

/** The task's clock, replaceable in tests. */
export interface SpacingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: SpacingClock = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

/**
 * Runs an async task on request, one run at a time, and rests after each: a run starts no
 * sooner than the rest after the last one ended, however many requests came meanwhile, and
 * those requests make exactly one more run. A rest proportional to the run keeps a task whose
 * cost grows with the data (a scan of every row) to a bounded share of the event loop.
 */
export class SpacedTask {
  private running: Promise<void> | undefined;
  private isRequested = false;
  private nextRunAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly spacing: Spacing,
    private readonly clock: SpacingClock = REAL_CLOCK,
  ) {}

  /** Asks for a run: now if the task rests no longer, else once the rest is over. */
  request(): void {
    this.isRequested = true;
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves once no run is in progress or asked for. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.isRequested) {
      const restMs = this.nextRunAt - this.clock.now();
      if (restMs > 0) await this.clock.sleep(restMs);
      this.isRequested = false;
      const startedAt = this.clock.now();
      await this.task();
      const endedAt = this.clock.now();
      this.nextRunAt = endedAt + Math.max(this.spacing.minRestMs, (endedAt - startedAt) * this.spacing.restPerRunMs);
    }
  }
}
