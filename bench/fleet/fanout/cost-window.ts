// What a measured window cost the machine: the CPU of each named group of processes, the whole
// machine's busy CPU and this benchmark process's own, and the load average at both ends, with
// the speed probe taken just before the window opens.
import { loadavg } from 'node:os';
import { cpuSecondsOf, machineBusySeconds } from '../../controller/lib/proc-sampling.js';
import { speedProbeMs } from '../../controller/lib/speed-probe.js';

export interface WindowCost<K extends string> {
  /** Per group, the CPU its processes used in the window, core-seconds. */
  cpuS: Record<K, number>;
  machineCpuS: number;
  benchCpuS: number;
  loadAfter: number;
}

export interface CostWindow<K extends string> {
  /** The machine's speed just before the window (`speedProbeMs`). */
  probeMs: number;
  /** One-minute load average as the window opened. */
  loadBefore: number;
  close(): Promise<WindowCost<K>>;
}

export async function openCostWindow<K extends string>(processes: Record<K, readonly number[]>): Promise<CostWindow<K>> {
  const probeMs = speedProbeMs();
  const loadBefore = loadavg()[0] ?? 0;
  const before = await cpuOfGroups(processes);
  const machineBefore = await machineBusySeconds();
  const benchBefore = process.cpuUsage();
  return {
    probeMs,
    loadBefore,
    async close() {
      const bench = process.cpuUsage(benchBefore);
      const after = await cpuOfGroups(processes);
      const machineCpuS = (await machineBusySeconds()) - machineBefore;
      const cpuS = Object.fromEntries(Object.keys(after).map((group) => [group, after[group as K] - before[group as K]])) as Record<K, number>;
      return { cpuS, machineCpuS, benchCpuS: (bench.user + bench.system) / 1e6, loadAfter: loadavg()[0] ?? 0 };
    },
  };
}

async function cpuOfGroups<K extends string>(processes: Record<K, readonly number[]>): Promise<Record<K, number>> {
  const cpu = {} as Record<K, number>;
  for (const group of Object.keys(processes) as K[]) cpu[group] = await cpuSecondsOf(processes[group]);
  return cpu;
}
