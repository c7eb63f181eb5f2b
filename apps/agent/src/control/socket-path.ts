import { join } from 'node:path';
import type { AgentConfig } from '../config/config.js';

/** The daemon's control socket: inside the data dir, so it shares its owner-only permissions. */
export function controlSocketPath(config: Pick<AgentConfig, 'dataDir'>): string {
  return join(config.dataDir, 'agent.sock');
}
