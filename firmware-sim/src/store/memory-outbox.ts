import type { NewEvent, Outbox } from '@gantry/agent-core';
import type { GantryEvent } from '@gantry/protocol';

/** How a {@link MemoryOutbox} is set up. */
export interface MemoryOutboxOptions {
  /** The gateway's clock, for event timestamps. */
  now: () => number;
  /** Events kept at most; past it the oldest go first and are counted in `dropped`. */
  capacity?: number;
}

/**
 * A simulated gateway's outbox: numbered events kept in order until acknowledged, with
 * a sequence that only grows. Bounded like the agent's on-disk one, so a gateway that
 * stays offline through a long run cannot eat the fleet's memory.
 */
export class MemoryOutbox implements Outbox {
  private events: GantryEvent[] = [];
  private seq = 0;
  private droppedCount = 0;
  private readonly capacity: number;

  constructor(private readonly options: MemoryOutboxOptions) {
    this.capacity = options.capacity ?? 10_000;
  }

  async append(events: readonly NewEvent[]): Promise<GantryEvent[]> {
    const ts = new Date(this.options.now()).toISOString();
    // Written out, not `{ ...event, seq, ts }`, which V8 gives a hidden class of its own nearly every time.
    const numbered = events.map((event) => ({ type: event.type, detail: event.detail, seq: ++this.seq, ts }) as GantryEvent);
    this.events.push(...numbered);
    const excess = this.events.length - this.capacity;
    if (excess > 0) {
      this.events.splice(0, excess);
      this.droppedCount += excess;
    }
    return numbered;
  }

  async peek(limit: number): Promise<GantryEvent[]> {
    return this.events.slice(0, limit);
  }

  async ack(seq: number): Promise<void> {
    const keepFrom = this.events.findIndex((event) => event.seq > seq);
    this.events = keepFrom === -1 ? [] : this.events.slice(keepFrom);
  }

  /** Every event not yet acknowledged (a copy), for assertions and summaries. */
  get pending(): readonly GantryEvent[] {
    return [...this.events];
  }

  /** How many events wait for their acknowledgement (no copy, for fleet summaries). */
  get size(): number {
    return this.events.length;
  }

  /** Events lost to the capacity bound. */
  get dropped(): number {
    return this.droppedCount;
  }
}
