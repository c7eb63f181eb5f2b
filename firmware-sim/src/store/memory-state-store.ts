import { AgentStateSchema, initialAgentState, type AgentState, type StateStore } from '@gantry/agent-core';

/**
 * A simulated gateway's "disk" for the agent state. It holds the state as JSON text and
 * validates it when read back, as the agent's state file does: what was saved is exactly
 * what a later `load` (a simulated reboot) returns, whatever happens to the saved object
 * afterwards. A gateway saves on every change of its target or of its releases' health and
 * loads only when its agent starts, and serialising costs half a structured clone.
 */
export class MemoryStateStore implements StateStore {
  private saved: string;

  constructor(initial: AgentState = initialAgentState()) {
    this.saved = JSON.stringify(initial);
  }

  async load(): Promise<AgentState> {
    return this.read();
  }

  async save(state: AgentState): Promise<void> {
    this.saved = JSON.stringify(state);
  }

  /** What is stored now (a copy). */
  get state(): AgentState {
    return this.read();
  }

  private read(): AgentState {
    return AgentStateSchema.parse(JSON.parse(this.saved));
  }
}
