import type { DoctorCheck } from '../runner.js';
import { fail, ok, warn } from '../report.js';
import { controllerRoot, findCgroupFile, type CapController } from './cgroup-probe.js';

/** A cap, the cgroup files that show the kernel supports it, and the kernel option behind them. */
interface CapFiles {
  cap: string;
  controller: CapController;
  v1: string;
  v2: string;
  kernelOption: string;
  /** The agent cannot keep its promise without it. */
  isEssential: boolean;
}

// Swap and blkio weight have their own checks: they depend on more than one file.
const CAPS: readonly CapFiles[] = [
  { cap: 'memory limit', controller: 'memory', v1: 'memory.limit_in_bytes', v2: 'memory.max', kernelOption: 'CONFIG_MEMCG', isEssential: true },
  { cap: 'memory reservation', controller: 'memory', v1: 'memory.soft_limit_in_bytes', v2: 'memory.low', kernelOption: 'CONFIG_MEMCG', isEssential: false },
  { cap: 'CPU quota', controller: 'cpu', v1: 'cpu.cfs_quota_us', v2: 'cpu.max', kernelOption: 'CONFIG_CFS_BANDWIDTH', isEssential: true },
  { cap: 'CPU shares', controller: 'cpu', v1: 'cpu.shares', v2: 'cpu.weight', kernelOption: 'CONFIG_FAIR_GROUP_SCHED', isEssential: false },
  { cap: 'cpuset', controller: 'cpuset', v1: 'cpuset.cpus', v2: 'cpuset.cpus', kernelOption: 'CONFIG_CPUSETS', isEssential: false },
  { cap: 'pids limit', controller: 'pids', v1: 'pids.max', v2: 'pids.max', kernelOption: 'CONFIG_CGROUP_PIDS', isEssential: false },
  {
    cap: 'block I/O throttling',
    controller: 'blkio',
    v1: 'blkio.throttle.read_bps_device',
    v2: 'io.max',
    kernelOption: 'CONFIG_BLK_DEV_THROTTLING',
    isEssential: false,
  },
];

/** Which caps the kernel can enforce, by looking for each cap's cgroup file. */
export const capSupportCheck: DoctorCheck = {
  name: 'cap-support',
  title: 'kernel support for caps',
  async run(ctx) {
    const layout = await ctx.layout();
    const supported: CapFiles[] = [];
    const missing: CapFiles[] = [];
    for (const cap of CAPS) {
      const root = controllerRoot(layout, cap.controller);
      const file = root === undefined ? undefined : await findCgroupFile(ctx, root.dir, [root.version === 1 ? cap.v1 : cap.v2]);
      (file === undefined ? missing : supported).push(cap);
    }
    const facts = { supported: supported.map((cap) => cap.cap), missing: missing.map((cap) => cap.cap) };
    const found = `supported: ${supported.map((cap) => cap.cap).join(', ') || 'none'}`;
    if (missing.length === 0) return ok(found, facts);
    const text = `${found}; not supported: ${missing.map((cap) => cap.cap).join(', ')}`;
    const options = [...new Set(missing.map((cap) => cap.kernelOption))].join(', ');
    const advice = `manifests with these caps cannot have them enforced on this gateway; a kernel built with ${options} supports them`;
    return missing.some((cap) => cap.isEssential) ? fail(text, advice, facts) : warn(text, advice, facts);
  },
};
