import { access, readdir, readFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { IoBytes } from '../cgroups/index.js';
import { parseDiskstats, parseLoadavgTasks, parseMeminfo, parseProcStat } from './proc-files.js';
import type { HostCpuTimes } from './rates.js';

/** What the whole gateway uses at one moment (all processes, not only Gantry's). */
export interface HostReading {
  cpu: HostCpuTimes;
  /** MemTotal less MemAvailable: what the kernel could not hand out without swapping. */
  memoryBytes: number;
  memoryTotalBytes: number;
  /** Processes and threads. */
  pids: number;
  /** Bytes read and written by the physical disks since boot. */
  blkio: IoBytes;
  /** Free space for unprivileged use on the filesystem of the agent's data dir. */
  storageFreeBytes: number;
}

/** Options for {@link HostReader}. */
export interface HostReaderOptions {
  /** The agent's data dir, whose filesystem's free space is reported. */
  dataDir: string;
  /** Where procfs is mounted. */
  procRoot?: string;
  /** Where sysfs is mounted. */
  sysRoot?: string;
}

/** Reads the gateway's totals from procfs, sysfs and statfs: a handful of small files. */
export class HostReader {
  private readonly procRoot: string;
  private readonly sysRoot: string;

  constructor(private readonly options: HostReaderOptions) {
    this.procRoot = options.procRoot ?? '/proc';
    this.sysRoot = options.sysRoot ?? '/sys';
  }

  async read(): Promise<HostReading> {
    const proc = (name: string) => join(this.procRoot, name);
    const [stat, meminfo, loadavg, diskstats, disks, fsStats] = await Promise.all([
      readFile(proc('stat'), 'utf8'),
      readFile(proc('meminfo'), 'utf8'),
      readFile(proc('loadavg'), 'utf8'),
      readFile(proc('diskstats'), 'utf8'),
      this.physicalDisks(),
      statfs(this.options.dataDir),
    ]);
    const memory = parseMeminfo(meminfo, proc('meminfo'));
    return {
      cpu: parseProcStat(stat, proc('stat')),
      memoryBytes: Math.max(0, memory.totalBytes - memory.availableBytes),
      memoryTotalBytes: memory.totalBytes,
      pids: parseLoadavgTasks(loadavg, proc('loadavg')),
      blkio: parseDiskstats(diskstats, proc('diskstats'), disks),
      storageFreeBytes: fsStats.bavail * fsStats.bsize,
    };
  }

  /**
   * The disks with hardware behind them: /sys/block lists whole disks only (no partitions),
   * and of those only real ones have a `device` link (loop, zram, dm-* and md have none).
   * Listed on every read, so a USB disk plugged in later counts.
   */
  private async physicalDisks(): Promise<Set<string>> {
    const block = join(this.sysRoot, 'block');
    const names = await readdir(block);
    const disks = new Set<string>();
    for (const name of names) {
      const hasDevice = await access(join(block, name, 'device')).then(
        () => true,
        () => false,
      );
      if (hasDevice) disks.add(name);
    }
    return disks;
  }
}
