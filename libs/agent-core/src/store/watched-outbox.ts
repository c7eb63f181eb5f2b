import type { GantryEvent } from '@gantry/protocol';
import type { NewEvent, Outbox } from './ports.js';

/**
 * An outbox that says when events were added, so the sync session sends them at once
 * instead of polling. Wrap the durable outbox once and hand the wrapper to everything
 * that records events (supervisor, caps verifier) and to the session.
 */
export class WatchedOutbox implements Outbox {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly inner: Outbox) {}

  async append(events: readonly NewEvent[]): Promise<GantryEvent[]> {
    const numbered = await this.inner.append(events);
    if (numbered.length > 0) for (const listener of this.listeners) listener();
    return numbered;
  }

  peek(limit: number): Promise<GantryEvent[]> {
    return this.inner.peek(limit);
  }

  ack(seq: number): Promise<void> {
    return this.inner.ack(seq);
  }

  /** Calls `listener` after every append that stored events; returns the way to stop. */
  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
