import type { CgroupLayout } from '../../cgroups/index.js';
import type { DoctorCheck } from '../runner.js';
import { fail, ok, warn } from '../report.js';
import { CAP_CONTROLLERS, controllerRoot, type CapController } from './cgroup-probe.js';

/** What goes missing with each controller: the caps a manifest can no longer have enforced. */
const CONTROLLER_CAPS: Record<CapController, string> = {
  memory: 'memory caps',
  cpu: 'CPU caps',
  cpuset: 'cpuset pinning',
  pids: 'pids limits',
  blkio: 'block I/O caps',
};

// Without these the agent cannot keep its central promise: services held to their caps.
const ESSENTIAL: readonly CapController[] = ['memory', 'cpu'];

/** How cgroups are mounted (v1, v2, hybrid) and which of the controllers caps need are there. */
export const cgroupsCheck: DoctorCheck = {
  name: 'cgroups',
  title: 'cgroup controllers',
  async run(ctx) {
    let layout: CgroupLayout;
    try {
      layout = await ctx.layout();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return fail(`cannot read the cgroup mounts: ${message}`, 'mount the cgroup filesystem at /sys/fs/cgroup (run the agent in the host cgroup namespace)');
    }
    const present = CAP_CONTROLLERS.filter((name) => controllerRoot(layout, name) !== undefined);
    const missing = CAP_CONTROLLERS.filter((name) => !present.includes(name));
    const facts = {
      layout: layout.kind,
      controllers: present,
      v1Controllers: [...layout.v1.keys()].sort(),
      v2Controllers: [...(layout.v2?.controllers ?? [])].sort(),
    };
    const found = `${describeLayout(layout)}; controllers for caps: ${present.map((name) => describeController(layout, name)).join(', ') || 'none'}`;
    if (missing.length === 0) return ok(found, facts);
    const lost = missing.map((name) => `${name} (${CONTROLLER_CAPS[name]})`).join(', ');
    const advice = `enable the missing controllers in the kernel (and, on cgroup v2, in cgroup.subtree_control); until then manifests with these caps cannot be enforced here`;
    const text = `${found}; missing: ${lost}`;
    return missing.some((name) => ESSENTIAL.includes(name)) ? fail(text, advice, facts) : warn(text, advice, facts);
  },
};

function describeLayout(layout: CgroupLayout): string {
  switch (layout.kind) {
    case 'v1':
      return 'cgroup v1';
    case 'v2':
      return `cgroup v2 at ${layout.v2?.mountPoint ?? '?'}`;
    case 'hybrid':
      return `hybrid: cgroup v1 controllers, with cgroup v2 at ${layout.v2?.mountPoint ?? '?'}`;
  }
}

function describeController(layout: CgroupLayout, name: CapController): string {
  const root = controllerRoot(layout, name);
  if (root === undefined) return name;
  const v2Name = name === 'blkio' ? 'io' : name;
  return root.version === 1 ? `${name} (v1)` : `${v2Name} (v2)`;
}
