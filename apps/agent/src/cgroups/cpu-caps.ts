import type { CgroupFs } from './fs-port.js';
import { parseFile, readCgroupFile } from './cgroup-file.js';
import { parseCpuMax, parseInteger } from './file-formats.js';
import { controllerDir, type CgroupDirs } from './proc-cgroup.js';
import { isUnsupported, type Reading, type Unsupported, type Weight } from './reading.js';

/** The CPU caps the kernel enforces. */
export interface CpuCaps {
  /** quota / period in billionths of a CPU: v1 cpu.cfs_quota_us / cpu.cfs_period_us; v2 cpu.max. */
  readonly nanoCpus: Reading<number>;
  /** v1 cpu.shares (Docker's scale); v2 cpu.weight (v2 scale). */
  readonly cpuShares: Reading<Weight>;
  /** The cpu list as the kernel prints it; `null` on v2 when empty (inherited from the parent). */
  readonly cpusetCpus: Reading<string>;
}

const NO_CFS_BANDWIDTH = 'the kernel lacks CONFIG_CFS_BANDWIDTH';

/** Reads the cpu and cpuset controllers' caps of one cgroup. */
export async function readCpuCaps(fs: CgroupFs, dirs: CgroupDirs): Promise<CpuCaps> {
  const [nanoCpus, cpuShares] = await readCpuController(fs, dirs);
  return { nanoCpus, cpuShares, cpusetCpus: await readCpuset(fs, dirs) };
}

async function readCpuController(fs: CgroupFs, dirs: CgroupDirs): Promise<[Reading<number>, Reading<Weight>]> {
  const cpu = controllerDir(dirs, 'cpu');
  if (isUnsupported(cpu)) return [cpu, cpu];
  const { dir } = cpu;

  if (cpu.version === 1) {
    const quota = parseFile(await readCgroupFile(fs, dir, 'cpu.cfs_quota_us', NO_CFS_BANDWIDTH), (file) =>
      parseInteger(file.text, file.path),
    );
    const period = parseFile(await readCgroupFile(fs, dir, 'cpu.cfs_period_us', NO_CFS_BANDWIDTH), (file) =>
      parseInteger(file.text, file.path),
    );
    const nanoCpus = cfsNanoCpus(quota, period);
    const shares = parseFile(await readCgroupFile(fs, dir, 'cpu.shares'), (file) => ({
      scale: 'docker' as const,
      value: parseInteger(file.text, file.path),
      file: 'cpu.shares',
    }));
    return [nanoCpus, shares];
  }

  const nanoCpus = parseFile(await readCgroupFile(fs, dir, 'cpu.max', NO_CFS_BANDWIDTH), (file) => {
    const { quotaUs, periodUs } = parseCpuMax(file.text, file.path);
    return quotaUs === null ? null : toNanoCpus(quotaUs, periodUs);
  });
  const weight = parseFile(await readCgroupFile(fs, dir, 'cpu.weight'), (file) => ({
    scale: 'v2' as const,
    value: parseInteger(file.text, file.path),
    file: 'cpu.weight',
  }));
  return [nanoCpus, weight];
}

async function readCpuset(fs: CgroupFs, dirs: CgroupDirs): Promise<Reading<string>> {
  const cpuset = controllerDir(dirs, 'cpuset');
  if (isUnsupported(cpuset)) return cpuset;
  return parseFile(await readCgroupFile(fs, cpuset.dir, 'cpuset.cpus'), (file) => {
    const cpus = file.text.trim();
    // v1 copies the parent's list into a new cgroup; v2 leaves the file empty to mean "inherit".
    return cpus === '' && cpuset.version === 2 ? null : cpus;
  });
}

// v1 writes "no quota" as -1 in cpu.cfs_quota_us.
function cfsNanoCpus(quotaUs: number | Unsupported, periodUs: number | Unsupported): Reading<number> {
  if (isUnsupported(quotaUs)) return quotaUs;
  if (isUnsupported(periodUs)) return periodUs;
  return quotaUs < 0 ? null : toNanoCpus(quotaUs, periodUs);
}

function toNanoCpus(quotaUs: number, periodUs: number): number {
  return Math.round((quotaUs * 1e9) / periodUs);
}
