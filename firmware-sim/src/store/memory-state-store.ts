import { AgentStateSchema, initialAgentState, type AgentState, type StateStore } from '@gantry/agent-core';

/**
 * A simulated gateway's "disk" for the agent state. What was saved is exactly what a later
 * `load` (a simulated reboot) returns, as the agent's state file would return it: the saved
 * state is frozen, deep, so nothing can change it afterwards (the agent builds a new state
 * for every change and never edits a saved one), and reading it back goes through JSON and
 * the state's schema, as reading the file does. Freezing stops at what is frozen already,
 * such as the desired documents a fleet shares, so a save costs a few objects where
 * serialising would write out the whole target on every change of a release's health.
 */
export class MemoryStateStore implements StateStore {
  private saved: AgentState;

  constructor(initial: AgentState = initialAgentState()) {
    this.saved = freezeNew(structuredClone(initial));
  }

  async load(): Promise<AgentState> {
    return this.read();
  }

  async save(state: AgentState): Promise<void> {
    this.saved = freezeNew(state);
  }

  /** What is stored now (a copy). */
  get state(): AgentState {
    return this.read();
  }

  private read(): AgentState {
    return AgentStateSchema.parse(JSON.parse(JSON.stringify(this.saved)));
  }
}

/**
 * Freezes what `value` holds that is not frozen yet, all the way down. A frozen object is
 * taken as frozen all the way down (a shared desired document, deepFreeze's; a part of an
 * earlier save, this function's), so a save freezes only the few objects the agent built
 * for it. Unlike deepFreeze it keeps no record of what it froze: a fleet saves tens of
 * thousands of states a fan-out, and such a record costs every garbage collection.
 */
function freezeNew<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const member of Object.values(value)) freezeNew(member);
  return value;
}
