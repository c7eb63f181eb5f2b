import type { DoctorCheck } from '../runner.js';
import { ok, warn } from '../report.js';
import { controllerRoot, findCgroupFile } from './cgroup-probe.js';

const ADVICE =
  'add swapaccount=1 to the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, or cmdline.txt on a Raspberry Pi) and reboot';

/** Swap accounting (memory+swap limits): without it a service can swap past its memory cap. */
export const memorySwapCheck: DoctorCheck = {
  name: 'memory-swap',
  title: 'swap accounting',
  async run(ctx) {
    const root = controllerRoot(await ctx.layout(), 'memory');
    if (root === undefined) {
      return warn('cannot tell: there is no memory controller (see the cgroup controllers check)', 'enable the memory controller first', {
        isSwapAccounted: null,
      });
    }
    const files = root.version === 1 ? ['memory.memsw.limit_in_bytes'] : ['memory.swap.max'];
    const path = await findCgroupFile(ctx, root.dir, files);
    if (path !== undefined) return ok(`swap accounting is on (${path} exists)`, { isSwapAccounted: true, file: path });
    return warn(
      `swap accounting is off (no ${files.join(' or ')} under ${root.dir}): Docker ignores memory+swap limits, so a service can use swap beyond its memory cap`,
      ADVICE,
      { isSwapAccounted: false },
    );
  },
};
