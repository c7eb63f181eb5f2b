import { AgentStateSchema, initialAgentState, type AgentState, type StateStore } from '@gantry/agent-core';

/**
 * A simulated gateway's "disk" for the agent state. What was saved is exactly what a later
 * `load` (a simulated reboot) returns: the saved state is frozen, deep, so nothing can change
 * it afterwards (the agent builds a new state for every change and never edits one), and it
 * is validated when read back, as the agent's state file is. Freezing stops at what is frozen
 * already, such as the desired documents a fleet shares, so a save costs a few objects where
 * serialising would write out the whole target on every change of a release's health.
 */
export class MemoryStateStore implements StateStore {
  private saved: AgentState;

  constructor(initial: AgentState = initialAgentState()) {
    this.saved = deepFreeze(structuredClone(initial));
  }

  async load(): Promise<AgentState> {
    return this.read();
  }

  async save(state: AgentState): Promise<void> {
    this.saved = deepFreeze(state);
  }

  /** What is stored now (a copy). */
  get state(): AgentState {
    return this.read();
  }

  private read(): AgentState {
    return AgentStateSchema.parse(structuredClone(this.saved));
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
