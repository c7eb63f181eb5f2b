// Where to look for a cgroup file that says the kernel supports a cap.
import { join } from 'node:path/posix';
import type { CgroupLayout } from '../../cgroups/index.js';
import type { DoctorContext } from '../context.js';

/** The controllers caps need, named as in v1 (`blkio` is `io` on v2). */
export type CapController = 'memory' | 'cpu' | 'cpuset' | 'pids' | 'blkio';

/** Every {@link CapController}, in the order reports list them. */
export const CAP_CONTROLLERS: readonly CapController[] = ['memory', 'cpu', 'cpuset', 'pids', 'blkio'];

/** A controller's hierarchy: its v1 mount, else the v2 mount when v2 offers the controller (as the cgroup module decides). */
export interface ControllerRoot {
  version: 1 | 2;
  dir: string;
}

/** Where `controller`'s hierarchy is mounted, or undefined when nothing provides it. */
export function controllerRoot(layout: CgroupLayout, controller: CapController): ControllerRoot | undefined {
  const v1 = layout.v1.get(controller);
  if (v1 !== undefined) return { version: 1, dir: v1.mountPoint };
  const v2Name = controller === 'blkio' ? 'io' : controller;
  if (layout.v2?.controllers.has(v2Name) === true) return { version: 2, dir: layout.v2.mountPoint };
  return undefined;
}

// Docker's and systemd's cgroups first: they exist on a gateway that runs containers.
const PREFERRED_CHILDREN = ['docker', 'system.slice', 'kubepods', 'gantry'];
const MAX_CHILDREN = 16;

/**
 * The first place under `root` that holds one of `files`: the root itself, then its child
 * cgroups. Many cap files exist only below the root (the kernel's CFTYPE_NOT_ON_ROOT:
 * `pids.max`, `blkio.bfq.weight`, every v2 `memory.max`), so the root alone would say "missing".
 */
export async function findCgroupFile(ctx: DoctorContext, root: string, files: readonly string[]): Promise<string | undefined> {
  const children = await ctx.listDirs(root);
  const ordered = [
    ...PREFERRED_CHILDREN.filter((name) => children.includes(name)),
    ...children.filter((name) => !PREFERRED_CHILDREN.includes(name)).sort(),
  ].slice(0, MAX_CHILDREN);
  for (const dir of [root, ...ordered.map((name) => join(root, name))]) {
    for (const file of files) {
      const path = join(dir, file);
      if ((await ctx.fs.readFile(path)) !== undefined) return path;
    }
  }
  return undefined;
}
