import { join } from 'node:path/posix';
import type { DoctorContext } from '../context.js';
import type { DoctorCheck } from '../runner.js';
import { ok, warn, type CheckFinding } from '../report.js';
import { controllerRoot, findCgroupFile } from './cgroup-probe.js';

// Weights are shares of a disk's time, which only the CFQ and BFQ schedulers hand out.
const WEIGHT_SCHEDULERS = new Set(['bfq', 'cfq']);
// Devices with no real queue to share.
const VIRTUAL_DISKS = /^(loop|ram|zram|nbd)\d*/;

/**
 * Block I/O weight caps need a scheduler that honours weights (CFQ or BFQ) and a cgroup file
 * Docker accepts: on v1 Docker looks for `blkio.weight` at the hierarchy's root and discards
 * weights without it (BFQ's `blkio.bfq.weight` exists only below the root).
 */
export const blkioWeightCheck: DoctorCheck = {
  name: 'blkio-weight',
  title: 'block I/O weight',
  async run(ctx) {
    const root = controllerRoot(await ctx.layout(), 'blkio');
    if (root === undefined) {
      return warn('no blkio (v1) or io (v2) controller: block I/O weight caps cannot be enforced', 'enable the blkio controller (CONFIG_BLK_CGROUP)', {
        weightFile: null,
      });
    }
    if (root.version === 1) {
      const rootWeight = join(root.dir, 'blkio.weight');
      if ((await ctx.fs.readFile(rootWeight)) !== undefined) return withSchedulers(ctx, `${rootWeight} exists`, rootWeight);
      const bfq = await findCgroupFile(ctx, root.dir, ['blkio.bfq.weight']);
      if (bfq !== undefined) {
        return warn(
          `the kernel has BFQ weights (${bfq}) but no blkio.weight at the root of ${root.dir}, which Docker looks for: Docker discards blkio weight caps here ("Weight discarded")`,
          'leave blkio weight out of manifests for this gateway, or switch it to cgroup v2 (systemd.unified_cgroup_hierarchy=1 on the kernel command line)',
          { weightFile: bfq, isAppliedByDocker: false },
        );
      }
      return warn(
        `no blkio weight support: neither blkio.weight (CFQ) nor blkio.bfq.weight (BFQ) under ${root.dir}`,
        'use a kernel with the BFQ scheduler and BFQ group scheduling (CONFIG_IOSCHED_BFQ, CONFIG_BFQ_GROUP_IOSCHED)',
        { weightFile: null },
      );
    }
    const file = await findCgroupFile(ctx, root.dir, ['io.bfq.weight', 'io.weight']);
    if (file !== undefined) return withSchedulers(ctx, `${file} exists`, file);
    return warn(
      `no io weight support: neither io.bfq.weight nor io.weight under ${root.dir}`,
      'use a kernel with the BFQ scheduler and BFQ group scheduling (CONFIG_IOSCHED_BFQ, CONFIG_BFQ_GROUP_IOSCHED)',
      { weightFile: null },
    );
  },
};

/** The weight file is there; weights still do nothing unless some disk is scheduled by BFQ or CFQ. */
async function withSchedulers(ctx: DoctorContext, found: string, weightFile: string): Promise<CheckFinding> {
  const schedulers = await diskSchedulers(ctx);
  const weighted = [...schedulers].filter(([, scheduler]) => WEIGHT_SCHEDULERS.has(scheduler)).map(([disk]) => disk);
  const facts = { weightFile, isAppliedByDocker: true, weightedDisks: weighted };
  if (schedulers.size === 0 || weighted.length > 0) {
    return ok(weighted.length > 0 ? `${found}; disks scheduled by BFQ/CFQ: ${weighted.join(', ')}` : found, facts);
  }
  const current = [...schedulers].map(([disk, scheduler]) => `${disk}: ${scheduler}`).join(', ');
  const [first] = schedulers.keys();
  return warn(
    `${found}, but no disk uses a scheduler that honours weights (${current}): weights are accepted and have no effect`,
    `switch the disk the apps write to to BFQ, e.g. \`echo bfq > /sys/block/${first ?? 'sda'}/queue/scheduler\` (make it last with a udev rule)`,
    facts,
  );
}

/** Each real disk's active I/O scheduler (the bracketed one in `queue/scheduler`). */
async function diskSchedulers(ctx: DoctorContext): Promise<Map<string, string>> {
  const schedulers = new Map<string, string>();
  for (const disk of (await ctx.listDirs('/sys/block')).sort()) {
    if (VIRTUAL_DISKS.test(disk)) continue;
    const text = await ctx.fs.readFile(join('/sys/block', disk, 'queue', 'scheduler'));
    const active = text === undefined ? undefined : /\[([^\]]+)\]/.exec(text)?.[1];
    if (active !== undefined) schedulers.set(disk, active);
  }
  return schedulers;
}
