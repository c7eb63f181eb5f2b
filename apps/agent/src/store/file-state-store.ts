import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AgentStateSchema, initialAgentState, type AgentState, type StateStore } from '@gantry/agent-core';
import { writeFileDurably } from './durable-file.js';

/**
 * The agent's state as one JSON file, replaced atomically (temp file, fsync, rename,
 * fsync of the folder): a `kill -9` or power cut leaves the old file or the new one.
 */
export class FileStateStore implements StateStore {
  constructor(private readonly path: string) {}

  async load(): Promise<AgentState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return initialAgentState();
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`the agent state ${this.path} is not JSON (${String(error)}); move it aside to start from scratch`);
    }
    const parsed = AgentStateSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 5).join('; ');
      throw new Error(`the agent state ${this.path} is not valid (${where}); move it aside to start from scratch`);
    }
    return parsed.data;
  }

  async save(state: AgentState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileDurably(this.path, JSON.stringify(state), { mode: 0o600 });
  }
}
