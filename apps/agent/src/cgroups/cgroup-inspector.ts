import { join } from 'node:path/posix';
import type { ResourceCaps } from '@gantry/app-spec';
import type { CgroupFs, DeviceNumber } from './fs-port.js';
import { readAppliedCaps, type AppliedCaps } from './applied-caps.js';
import { resolveDevices } from './devices.js';
import { readLayout, type CgroupLayout } from './layout.js';
import { locateCgroup, parseProcCgroup, type CgroupDirs } from './proc-cgroup.js';
import { readMemoryLimitBytes } from './memory-caps.js';
import type { IoBytes, Reading, Unsupported } from './reading.js';
import {
  readCpuUsageNs,
  readIoBytes,
  readMemoryUsageBytes,
  readMemoryWorkingSetBytes,
  readOomKillCount,
  readPidsCurrent,
  readUsage,
  type CgroupUsage,
} from './usage.js';
import { verifyCaps, type CapCheck } from './verify.js';

/**
 * Finds a process's cgroup on this host and reads it. Construct one per agent with the
 * filesystem port; `procRoot` is where the host's procfs is mounted (`/proc` unless the
 * agent runs in a container with the host's proc elsewhere).
 */
export class CgroupInspector {
  constructor(
    private readonly fs: CgroupFs,
    private readonly procRoot = '/proc',
  ) {}

  /** The cgroup mounts this agent sees, from its own mountinfo. */
  async readLayout(): Promise<CgroupLayout> {
    return readLayout(this.fs, this.procRoot);
  }

  /** A reader for the cgroup of `pid`, normally a container's init (inspect's `State.Pid`). */
  async forPid(pid: number): Promise<CgroupReader> {
    if (!Number.isSafeInteger(pid) || pid <= 0) {
      throw new Error(`cannot inspect the cgroup of pid ${pid}: a running container has a positive State.Pid (is it running?)`);
    }
    const path = join(this.procRoot, String(pid), 'cgroup');
    const text = await this.fs.readFile(path);
    if (text === undefined) throw new Error(`${path} is missing: process ${pid} has exited (has the container stopped?)`);
    const layout = await this.readLayout();
    return new CgroupReader(this.fs, layout, locateCgroup(layout, parseProcCgroup(text)));
  }

  /** The device numbers of the per-device caps' paths, for {@link verifyCaps}. */
  async resolveDevices(caps: ResourceCaps): Promise<Map<string, DeviceNumber>> {
    return resolveDevices(this.fs, caps);
  }
}

/** Reads caps and usage of one located cgroup. Files are read afresh on every call. */
export class CgroupReader {
  constructor(
    private readonly fs: CgroupFs,
    /** The layout the cgroup was located in. */
    readonly layout: CgroupLayout,
    /** The cgroup's directories. */
    readonly dirs: CgroupDirs,
  ) {}

  /** What the kernel enforces now. */
  async readCaps(): Promise<AppliedCaps> {
    return readAppliedCaps(this.fs, this.dirs);
  }

  /** Reads the kernel's caps and checks them against `desired` (see {@link verifyCaps}). */
  async verify(desired: ResourceCaps, options: { pageSizeBytes?: number } = {}): Promise<CapCheck[]> {
    const [applied, devices] = await Promise.all([this.readCaps(), resolveDevices(this.fs, desired)]);
    return verifyCaps(desired, applied, { ...options, devices });
  }

  /** All usage figures. */
  async readUsage(): Promise<CgroupUsage> {
    return readUsage(this.fs, this.dirs);
  }

  /** Memory charged to the cgroup in bytes. */
  async memoryUsageBytes(): Promise<number | Unsupported> {
    return readMemoryUsageBytes(this.fs, this.dirs);
  }

  /** Memory charged to the cgroup less its inactive file cache, in bytes (what `docker stats` shows). */
  async memoryWorkingSetBytes(): Promise<number | Unsupported> {
    return readMemoryWorkingSetBytes(this.fs, this.dirs);
  }

  /** The memory cap the kernel enforces in bytes; `null` is no limit. */
  async memoryLimitBytes(): Promise<Reading<number>> {
    return readMemoryLimitBytes(this.fs, this.dirs);
  }

  /** Bytes read from and written to block devices since the cgroup was made. */
  async ioBytes(): Promise<IoBytes | Unsupported> {
    return readIoBytes(this.fs, this.dirs);
  }

  /** Cumulative CPU time in ns. */
  async cpuUsageNs(): Promise<number | Unsupported> {
    return readCpuUsageNs(this.fs, this.dirs);
  }

  /** Tasks in the cgroup. */
  async pidsCurrent(): Promise<number | Unsupported> {
    return readPidsCurrent(this.fs, this.dirs);
  }

  /** Processes the OOM killer has killed in the cgroup. */
  async oomKillCount(): Promise<number | Unsupported> {
    return readOomKillCount(this.fs, this.dirs);
  }
}
