import type { Clock, ClockTimer } from '../sync/clock.js';

interface Pending {
  id: number;
  at: number;
  delayMs: number;
  callback: () => void;
}

/** A clock that moves only when a test says so; it records every delay asked of it. */
export class ManualClock implements Clock {
  /** Every delay passed to `setTimeout`, in order. */
  readonly delays: number[] = [];
  private time: number;
  private timers: Pending[] = [];
  private nextId = 0;

  constructor(start = Date.parse('2026-01-01T00:00:00.000Z')) {
    this.time = start;
  }

  now(): Date {
    return new Date(this.time);
  }

  setTimeout(callback: () => void, delayMs: number): ClockTimer {
    const id = ++this.nextId;
    this.delays.push(delayMs);
    this.timers.push({ id, at: this.time + delayMs, delayMs, callback });
    return { cancel: () => (this.timers = this.timers.filter((t) => t.id !== id)) };
  }

  /** Delays of the timers not yet fired, shortest first. */
  pendingDelays(): number[] {
    return this.timers.map((t) => t.delayMs).sort((a, b) => a - b);
  }

  /** Moves time forward, firing the timers due on the way in order, letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.time = due.at;
      due.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
