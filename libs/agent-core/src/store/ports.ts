import type { EventOf, EventType, GantryEvent } from '@gantry/protocol';
import type { AgentState } from './agent-state.js';

/**
 * Durable storage of the agent's state. `save` is atomic: a crash leaves the old or the new
 * state, never a mix. A saved state is never changed afterwards (the agent makes a new one
 * for every change), so a store may keep the very object.
 */
export interface StateStore {
  load(): Promise<AgentState>;
  save(state: AgentState): Promise<void>;
}

/** An event before the outbox numbers and stamps it. */
export type NewEvent = { [T in EventType]: Pick<EventOf<T>, 'type' | 'detail'> }[EventType];

/**
 * The on-disk queue of events for the cloud. It numbers events with a sequence that only
 * grows, across restarts, and keeps them until acknowledged.
 */
export interface Outbox {
  /** Stores events durably and returns them numbered. */
  append(events: readonly NewEvent[]): Promise<GantryEvent[]>;
  /** The oldest unacknowledged events, at most `limit`. */
  peek(limit: number): Promise<GantryEvent[]>;
  /** Forgets every event up to and including `seq`. */
  ack(seq: number): Promise<void>;
}
