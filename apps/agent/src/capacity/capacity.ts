import { readFile } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import type { ResourceAmounts } from '@gantry/protocol';
import type { AgentConfig } from '../config/config.js';

/** The gateway's resources: what it has, and what apps may have after the reserve. */
export interface Capacity {
  capacity: ResourceAmounts;
  allocatable: ResourceAmounts;
}

/**
 * Detects the gateway's CPU, memory and process-table size and takes off the reserve kept
 * for the gateway's own functions (the agent, Docker, the OS, the operator's tools).
 */
export async function detectCapacity(reserve: AgentConfig['reserve'], procRoot = '/proc'): Promise<Capacity> {
  const pidMax = Number.parseInt(await readFile(`${procRoot}/sys/kernel/pid_max`, 'utf8').catch(() => '32768'), 10);
  const capacity: ResourceAmounts = {
    memoryBytes: totalmem(),
    nanoCpus: availableParallelism() * 1_000_000_000,
    pids: Number.isFinite(pidMax) ? pidMax : 32_768,
  };
  return {
    capacity,
    allocatable: {
      memoryBytes: Math.max(0, capacity.memoryBytes - reserve.memory),
      nanoCpus: Math.max(0, capacity.nanoCpus - reserve.cpus),
      pids: Math.max(0, (capacity.pids ?? 0) - reserve.pids),
    },
  };
}
