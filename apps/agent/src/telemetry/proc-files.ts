// Parsers for the host-wide files of procfs (proc(5)) that gateway telemetry reads. Pure,
// so the formats are unit tested on text; `path` only names the file in errors.
import type { IoBytes } from '../cgroups/index.js';
import type { HostCpuTimes } from './rates.js';

// diskstats counts in 512-byte sectors whatever the device's own sector size (block/stat.rst).
const SECTOR_BYTES = 512;

/** The `cpu` line of /proc/stat and the number of `cpuN` lines. */
export function parseProcStat(text: string, path: string): HostCpuTimes {
  let times: number[] | undefined;
  let cpuCount = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu ')) times = line.trim().split(/\s+/).slice(1).map((field) => wholeNumber(field, path, 'cpu'));
    else if (/^cpu\d+ /.test(line)) cpuCount++;
  }
  // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
  const [user, nice, system, idle, iowait, irq, softirq, steal] = times ?? [];
  if (user === undefined || nice === undefined || system === undefined || idle === undefined) {
    throw new Error(`${path}: no "cpu" line with at least user, nice, system and idle times`);
  }
  const busyTicks = user + nice + system + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { busyTicks, totalTicks: busyTicks + idle + (iowait ?? 0), cpuCount: Math.max(1, cpuCount) };
}

/** MemTotal and MemAvailable of /proc/meminfo, in bytes. */
export function parseMeminfo(text: string, path: string): { totalBytes: number; availableBytes: number } {
  const kib = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match?.[1]) throw new Error(`${path}: no ${key} line (MemAvailable needs Linux 3.14 or later)`);
    return Number(match[1]) * 1024;
  };
  return { totalBytes: kib('MemTotal'), availableBytes: kib('MemAvailable') };
}

/** The tasks (processes and threads) that exist: the total of the 4th field of /proc/loadavg, `running/total`. */
export function parseLoadavgTasks(text: string, path: string): number {
  const total = /^\S+ \S+ \S+ \d+\/(\d+) /.exec(text)?.[1];
  if (total === undefined) throw new Error(`${path}: expected "load1 load5 load15 running/total lastpid", found ${JSON.stringify(text.trim())}`);
  return Number(total);
}

/**
 * Bytes read and written by the named devices, from /proc/diskstats. Only whole physical
 * disks should be named: partitions and device-mapper devices count the same I/O again.
 */
export function parseDiskstats(text: string, path: string, disks: ReadonlySet<string>): IoBytes {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const name = fields[2];
    if (name === undefined || !disks.has(name)) continue;
    // major minor name reads merged sectors-read ms writes merged sectors-written ...
    readBytes += wholeNumber(fields[5], path, name) * SECTOR_BYTES;
    writeBytes += wholeNumber(fields[9], path, name) * SECTOR_BYTES;
  }
  return { readBytes, writeBytes };
}

function wholeNumber(field: string | undefined, path: string, what: string): number {
  if (field === undefined || !/^\d+$/.test(field)) throw new Error(`${path} (${what}): expected a number, found ${JSON.stringify(field ?? '')}`);
  return Number(field);
}
