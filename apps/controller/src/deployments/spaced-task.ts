import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a {@link SpacedTask} rests after each run. */
export interface Spacing {
  /** The shortest rest. */
  readonly minRestMs: number;
  /** The rest is at least this many times as long as the run took (wall time, waits included)… */
  readonly restPerRunMs: number;
  /** …but never longer than this, so a run slowed by a busy moment does not hold the next one back for long. */
  readonly maxRestMs: number;
  /** A run that throws is reported here; the task rests and runs again when asked. */
  readonly onError: (error: unknown) => void;
}

/** The task's clock, replaceable in tests. */
export interface SpacingClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const REAL_CLOCK: SpacingClock = { now: () => performance.now(), sleep: (ms, signal) => sleep(ms, undefined, { signal }) };

/**
 * Runs an async task on request, one run at a time, and rests after each: a run starts no
 * sooner than the rest after the last one ended, however many requests came meanwhile, and
 * those requests make exactly one more run. A rest proportional to the run keeps a task whose
 * cost grows with the data (a scan of every row) to a bounded share of the process.
 */
export class SpacedTask {
  private running: Promise<void> | undefined;
  private isRequested = false;
  private nextRunAt = Number.NEGATIVE_INFINITY;
  private readonly stopping = new AbortController();

  constructor(
    private readonly task: () => Promise<void>,
    private readonly spacing: Spacing,
    private readonly clock: SpacingClock = REAL_CLOCK,
  ) {}

  /** Asks for a run: now if the task rests no longer, else once the rest is over. Ignored once stopped. */
  request(): void {
    if (this.stopping.signal.aborted) return;
    this.isRequested = true;
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves once no run is in progress or asked for. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Ends a rest at once without the run it was waiting for, and refuses later requests; resolves when no run is in progress. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  private async loop(): Promise<void> {
    const { signal } = this.stopping;
    while (this.isRequested && !signal.aborted) {
      const restMs = this.nextRunAt - this.clock.now();
      if (restMs > 0) {
        try {
          await this.clock.sleep(restMs, signal);
        } catch {
          return; // stopped during the rest
        }
      }
      this.isRequested = false;
      const startedAt = this.clock.now();
      try {
        await this.task();
      } catch (error) {
        this.spacing.onError(error);
      }
      const endedAt = this.clock.now();
      const { minRestMs, restPerRunMs, maxRestMs } = this.spacing;
      this.nextRunAt = endedAt + Math.min(maxRestMs, Math.max(minRestMs, (endedAt - startedAt) * restPerRunMs));
    }
  }
}
