import type { CgroupFs } from './fs-port.js';
import { parseFile, readCgroupFile, readFirstCgroupFile, type CgroupFile } from './cgroup-file.js';
import { parseFlatKeyed, parseInteger, parseIoStat, parseServiceBytes } from './file-formats.js';
import { controllerDir, type CgroupDirs } from './proc-cgroup.js';
import { isUnsupported, unsupported, type IoBytes, type Unsupported } from './reading.js';

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
 * Memory the cgroup needs now: its usage less the inactive file cache, which the kernel
 * reclaims first under pressure (v1 memory.stat total_inactive_file; v2 inactive_file). This
 * is what `docker stats` shows; plain usage would show a container that once read a large
 * file as near its cap long after.
 */
export async function readMemoryWorkingSetBytes(fs: CgroupFs, dirs: CgroupDirs): Promise<number | Unsupported> {
  const memory = controllerDir(dirs, 'memory');
  if (isUnsupported(memory)) return memory;
  const [usage, stat] = await Promise.all([readMemoryUsageBytes(fs, dirs), readCgroupFile(fs, memory.dir, 'memory.stat')]);
  if (isUnsupported(usage)) return usage;
  const inactiveFile = statKey(stat, memory.version === 1 ? 'total_inactive_file' : 'inactive_file', (bytes) => bytes);
  if (isUnsupported(inactiveFile)) return inactiveFile;
  return Math.max(0, usage - inactiveFile);
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

/**
 * Bytes the cgroup read from and wrote to block devices. On v1 the throttle layer's counts
 * come first: it sees every request whatever the I/O scheduler, where CFQ's and BFQ's own
 * files stay at zero under another scheduler (BFQ's do on this CI machine).
 */
export async function readIoBytes(fs: CgroupFs, dirs: CgroupDirs): Promise<IoBytes | Unsupported> {
  const blkio = controllerDir(dirs, 'blkio');
  if (isUnsupported(blkio)) return blkio;
  if (blkio.version === 2) return parseFile(await readCgroupFile(fs, blkio.dir, 'io.stat'), (file) => parseIoStat(file.text, file.path));
  const file = await readFirstCgroupFile(
    fs,
    blkio.dir,
    ['blkio.throttle.io_service_bytes_recursive', 'blkio.io_service_bytes_recursive', 'blkio.bfq.io_service_bytes_recursive'],
    'no block I/O accounting: the kernel has neither CONFIG_BLK_DEV_THROTTLING nor the CFQ or BFQ scheduler',
  );
  return parseFile(file, (read) => parseServiceBytes(read.text, read.path));
}
