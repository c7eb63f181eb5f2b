import type { ResourceCaps } from '@gantry/app-spec';
import type { CgroupFs } from './fs-port.js';
import { readBlkioCaps, type BlkioCaps } from './blkio-caps.js';
import { parseFile, readCgroupFile } from './cgroup-file.js';
import { readCpuCaps, type CpuCaps } from './cpu-caps.js';
import { parseMaxOrInteger } from './file-formats.js';
import { readMemoryCaps, type MemoryCaps } from './memory-caps.js';
import { controllerDir, type CgroupDirs } from './proc-cgroup.js';
import { isUnsupported, type Reading } from './reading.js';

/**
 * The fields of {@link ResourceCaps} that cgroups enforce. Not here: `ulimits` (per-process
 * rlimits, not cgroups: the caller checks them, e.g. in /proc/<pid>/limits) and
 * `nanoCpusReservation` (Gantry's own bookkeeping for allocatable capacity; no kernel knob).
 */
export type CgroupCapField = Exclude<keyof ResourceCaps, 'ulimits' | 'nanoCpusReservation'>;

/** What the kernel enforces on one cgroup, field by field, in {@link ResourceCaps}' units where they exist. */
export interface AppliedCaps extends MemoryCaps, CpuCaps, BlkioCaps {
  /** pids.max; `null` is "max". */
  readonly pidsLimit: Reading<number>;
}

/** Reads every cgroup-enforced cap of one cgroup. */
export async function readAppliedCaps(fs: CgroupFs, dirs: CgroupDirs): Promise<AppliedCaps> {
  const [memory, cpu, blkio, pidsLimit] = await Promise.all([
    readMemoryCaps(fs, dirs),
    readCpuCaps(fs, dirs),
    readBlkioCaps(fs, dirs),
    readPidsLimit(fs, dirs),
  ]);
  return { ...memory, ...cpu, ...blkio, pidsLimit };
}

async function readPidsLimit(fs: CgroupFs, dirs: CgroupDirs): Promise<Reading<number>> {
  const pids = controllerDir(dirs, 'pids');
  if (isUnsupported(pids)) return pids;
  // Same format on v1 and v2.
  return parseFile(await readCgroupFile(fs, pids.dir, 'pids.max'), (file) => parseMaxOrInteger(file.text, file.path));
}
