import { join } from 'node:path/posix';
import type { CgroupLayout, CgroupMount } from './layout.js';
import { unsupported, type Unsupported } from './reading.js';

/** One line of `/proc/<pid>/cgroup`: `hierarchy-id:controllers:path`. */
export interface ProcCgroupLine {
  readonly hierarchyId: number;
  /** The hierarchy's v1 controllers (`cpu,cpuacct` gives two, `name=systemd` one); empty for v2. */
  readonly controllers: readonly string[];
  /** The process's cgroup, relative to the hierarchy's root. */
  readonly path: string;
}

/** Where one process's cgroup lives on this host's mounts. */
export interface CgroupDirs {
  /** The directory of each v1 controller (the agent's mounts decide which exist). */
  readonly v1: ReadonlyMap<string, string>;
  /** The unified (v2) directory, when a cgroup2 mount exists. */
  readonly v2: string | undefined;
  /** Controllers the v2 hierarchy offers (from the mount root's `cgroup.controllers`). */
  readonly v2Controllers: ReadonlySet<string>;
}

/** The controllers the readers use, named as in v1. */
export type Controller = 'memory' | 'cpu' | 'cpuacct' | 'cpuset' | 'pids' | 'blkio';

/** A controller's directory and which cgroup version's files it holds. */
export interface ControllerDir {
  readonly version: 1 | 2;
  readonly dir: string;
}

/** Parses `/proc/<pid>/cgroup` (cgroups(7)). */
export function parseProcCgroup(text: string): ProcCgroupLine[] {
  const lines: ProcCgroupLine[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    // The path may itself contain ':', so split on the first two only.
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) throw new Error(`cannot parse a /proc/<pid>/cgroup line: ${JSON.stringify(line)}`);
    const controllers = line.slice(first + 1, second);
    lines.push({
      hierarchyId: Number(line.slice(0, first)),
      controllers: controllers === '' ? [] : controllers.split(','),
      path: line.slice(second + 1),
    });
  }
  return lines;
}

/**
 * Maps a process's cgroup lines onto the layout's mounts. Reading `/proc/<pid>/cgroup` of the
 * container's init works for the cgroupfs and systemd drivers alike, whatever they name the cgroup.
 */
export function locateCgroup(layout: CgroupLayout, lines: readonly ProcCgroupLine[]): CgroupDirs {
  const v1 = new Map<string, string>();
  for (const [controller, mount] of layout.v1) {
    const line = lines.find((candidate) => candidate.hierarchyId !== 0 && candidate.controllers.includes(controller));
    if (line) v1.set(controller, dirUnder(mount, line.path));
  }
  const unifiedLine = lines.find((line) => line.hierarchyId === 0 && line.controllers.length === 0);
  const v2 = layout.v2 && unifiedLine ? dirUnder(layout.v2, unifiedLine.path) : undefined;
  return { v1, v2, v2Controllers: layout.v2?.controllers ?? new Set() };
}

/**
 * Where a controller's files are: its v1 mount if it has one (hybrid layouts keep controllers
 * on v1), else the unified directory if v2 offers it.
 */
export function controllerDir(dirs: CgroupDirs, controller: Controller): ControllerDir | Unsupported {
  const v1 = dirs.v1.get(controller);
  if (v1 !== undefined) return { version: 1, dir: v1 };
  if (dirs.v2 !== undefined && isOnUnified(dirs.v2Controllers, controller)) return { version: 2, dir: dirs.v2 };
  return unsupported(`no cgroup mount provides the ${controller} controller (neither a v1 mount nor cgroup.controllers of the v2 mount)`);
}

function isOnUnified(controllers: ReadonlySet<string>, controller: Controller): boolean {
  switch (controller) {
    // cpu.stat with usage_usec is a core v2 file, present without the cpu controller.
    case 'cpuacct':
      return true;
    case 'blkio':
      return controllers.has('io');
    default:
      return controllers.has(controller);
  }
}

function dirUnder(mount: CgroupMount, path: string): string {
  // A cgroup namespace shows cgroups outside it as /../..; the agent cannot reach their files.
  if (path.split('/').includes('..')) {
    throw new Error(
      `the cgroup ${path} lies outside this agent's cgroup namespace; run the agent in the host's cgroup namespace (docker run --cgroupns=host)`,
    );
  }
  if (mount.root === '/') return join(mount.mountPoint, path);
  if (path === mount.root || path.startsWith(`${mount.root}/`)) return join(mount.mountPoint, path.slice(mount.root.length));
  throw new Error(
    `the cgroup ${path} is not visible under ${mount.mountPoint}, which shows only ${mount.root}; mount the host's whole cgroup hierarchy into the agent`,
  );
}
