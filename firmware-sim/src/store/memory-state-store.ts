import { initialAgentState, type AgentState, type StateStore } from '@gantry/agent-core';

/**
 * A simulated gateway's "disk" for the agent state. `save` keeps a copy, so what was
 * saved is exactly what a later `load` (a simulated reboot) returns.
 */
export class MemoryStateStore implements StateStore {
  private saved: AgentState;

  constructor(initial: AgentState = initialAgentState()) {
    this.saved = structuredClone(initial);
  }

  async load(): Promise<AgentState> {
    return structuredClone(this.saved);
  }

  async save(state: AgentState): Promise<void> {
    this.saved = structuredClone(state);
  }

  /** What is stored now (a copy). */
  get state(): AgentState {
    return structuredClone(this.saved);
  }
}
