import type { CgroupFs } from './fs-port.js';
import { parseFile, readCgroupFile, type CgroupFile } from './cgroup-file.js';
import { parseFlatKeyed, parseInteger } from './file-formats.js';
import { controllerDir, type CgroupDirs } from './proc-cgroup.js';
import { isUnsupported, unsupported, type Unsupported } from './reading.js';

/** What a cgroup uses right now, for stats and OOM reporting. */
export interface CgroupUsage {
  /** Memory charged to the cgroup, page cache included (v1 memory.usage_in_bytes; v2 memory.current). */
  readonly memoryUsageBytes: number | Unsupported;
  /** CPU time used since the cgroup was made, in ns (v1 cpuacct.usage; v2 cpu.stat usage_usec). */
  readonly cpuUsageNs: number | Unsupported;
  /** Processes and threads in the cgroup (pids.current). */
  readonly pidsCurrent: number | Unsupported;
  /** Processes the kernel's OOM killer has killed in the cgroup (v1 memory.oom_control; v2 memory.events). */
  readonly oomKillCount: number | Unsupported;
}

/** Reads all usage figures of one cgroup. */
export async function readUsage(fs: CgroupFs, dirs: CgroupDirs): Promise<CgroupUsage> {
  const [memoryUsageBytes, cpuUsageNs, pidsCurrent, oomKillCount] = await Promise.all([
    readMemoryUsageBytes(fs, dirs),
    readCpuUsageNs(fs, dirs),
    readPidsCurrent(fs, dirs),
    readOomKillCount(fs, dirs),
  ]);
  return { memoryUsageBytes, cpuUsageNs, pidsCurrent, oomKillCount };
}

/** Memory charged to the cgroup in bytes. */
export async function readMemoryUsageBytes(fs: CgroupFs, dirs: CgroupDirs): Promise<number | Unsupported> {
  const memory = controllerDir(dirs, 'memory');
  if (isUnsupported(memory)) return memory;
  const name = memory.version === 1 ? 'memory.usage_in_bytes' : 'memory.current';
  return parseFile(await readCgroupFile(fs, memory.dir, name), (file) => parseInteger(file.text, file.path));
}

/**
 * Cumulative CPU time in ns. A JS number holds it exactly up to 2^53 ns, about 104 days of
 * CPU time; beyond that it loses nanoseconds, which rates over seconds do not notice.
 */
export async function readCpuUsageNs(fs: CgroupFs, dirs: CgroupDirs): Promise<number | Unsupported> {
  const cpuacct = controllerDir(dirs, 'cpuacct');
  if (isUnsupported(cpuacct)) return cpuacct;
  if (cpuacct.version === 1) {
    return parseFile(await readCgroupFile(fs, cpuacct.dir, 'cpuacct.usage'), (file) => parseInteger(file.text, file.path));
  }
  return statKey(await readCgroupFile(fs, cpuacct.dir, 'cpu.stat'), 'usage_usec', (usec) => usec * 1000);
}

/** The number of tasks in the cgroup. */
export async function readPidsCurrent(fs: CgroupFs, dirs: CgroupDirs): Promise<number | Unsupported> {
  const pids = controllerDir(dirs, 'pids');
  if (isUnsupported(pids)) return pids;
  return parseFile(await readCgroupFile(fs, pids.dir, 'pids.current'), (file) => parseInteger(file.text, file.path));
}

/** How many processes the OOM killer has killed in the cgroup. */
export async function readOomKillCount(fs: CgroupFs, dirs: CgroupDirs): Promise<number | Unsupported> {
  const memory = controllerDir(dirs, 'memory');
  if (isUnsupported(memory)) return memory;
  if (memory.version === 1) {
    // The oom_kill line appeared in Linux 4.13; older kernels show only oom_kill_disable and under_oom.
    return statKey(await readCgroupFile(fs, memory.dir, 'memory.oom_control'), 'oom_kill', (count) => count);
  }
  return statKey(await readCgroupFile(fs, memory.dir, 'memory.events'), 'oom_kill', (count) => count);
}

function statKey(file: CgroupFile | Unsupported, key: string, convert: (value: number) => number): number | Unsupported {
  if (isUnsupported(file)) return file;
  const value = parseFlatKeyed(file.text, file.path).get(key);
  return value === undefined ? unsupported(`${file.path} has no ${key} line`) : convert(value);
}
