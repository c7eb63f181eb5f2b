import type { Clock, ClockTimer } from './clock.js';

/**
 * Holds a request back for a while so the requests that follow join it: the first starts a
 * timer of `lingerMs`, those before it fires fold into it, and then `fire` runs once. With
 * `lingerMs` 0 every request fires at once.
 */
export class Linger {
  private timer: ClockTimer | undefined;
  private isClosed = false;

  constructor(
    private readonly clock: Clock,
    private readonly lingerMs: number,
    private readonly fire: () => void,
  ) {}

  /** Whether a request waits for its timer. */
  get isPending(): boolean {
    return this.timer !== undefined;
  }

  request(): void {
    if (this.isClosed) return;
    if (this.lingerMs <= 0) {
      this.fire();
      return;
    }
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, this.lingerMs);
  }

  /** Drops a request still waiting. */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Drops a request still waiting, and every later one. */
  close(): void {
    this.isClosed = true;
    this.cancel();
  }
}
