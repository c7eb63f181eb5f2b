import { join } from 'node:path/posix';
import type { CgroupFs } from './fs-port.js';
import { parseMountinfo, type MountInfoEntry } from './mountinfo.js';

/** How cgroups are mounted: v1 only, v2 only, or v1 controllers beside a v2 mount ("hybrid"). */
export type LayoutKind = 'v1' | 'v2' | 'hybrid';

/** A cgroup filesystem mount: where it is, and which cgroup path is at that place. */
export interface CgroupMount {
  /** Where the hierarchy is mounted, e.g. `/sys/fs/cgroup/memory`. */
  readonly mountPoint: string;
  /** The cgroup path shown at the mount point; `/` unless bind-mounted from a sub-cgroup. */
  readonly root: string;
}

/** The unified (v2) mount and the controllers its root offers. */
export interface UnifiedMount extends CgroupMount {
  /** From the root's `cgroup.controllers`; empty in a typical hybrid layout. */
  readonly controllers: ReadonlySet<string>;
}

/** The cgroup mounts this process sees. */
export interface CgroupLayout {
  /** v1, v2 or hybrid. */
  readonly kind: LayoutKind;
  /** Each v1 controller's mount; `cpu` and `cpuacct` share one when co-mounted as `cpu,cpuacct`. */
  readonly v1: ReadonlyMap<string, CgroupMount>;
  /** The cgroup2 mount, when there is one. */
  readonly v2: UnifiedMount | undefined;
}

// Names that can appear in a v1 mount's options and are controllers (not `rw`, `name=systemd`, ...).
const V1_CONTROLLERS = new Set([
  'cpu',
  'cpuacct',
  'cpuset',
  'memory',
  'blkio',
  'pids',
  'devices',
  'freezer',
  'net_cls',
  'net_prio',
  'perf_event',
  'hugetlb',
  'rdma',
  'misc',
]);

/**
 * Works out the layout from mountinfo entries and the text of the v2 root's
 * `cgroup.controllers` (pass `undefined` when there is no v2 mount or the file is missing).
 */
export function detectLayout(entries: readonly MountInfoEntry[], v2ControllersText: string | undefined): CgroupLayout {
  const v1 = new Map<string, CgroupMount>();
  let v2Mount: MountInfoEntry | undefined;
  for (const entry of entries) {
    if (entry.fsType === 'cgroup2') {
      v2Mount ??= entry;
    } else if (entry.fsType === 'cgroup') {
      for (const option of entry.superOptions) {
        // The first mount of a hierarchy wins; later ones are usually bind mounts of it.
        if (V1_CONTROLLERS.has(option) && !v1.has(option)) v1.set(option, { mountPoint: entry.mountPoint, root: entry.root });
      }
    }
  }
  const v2 = v2Mount && {
    mountPoint: v2Mount.mountPoint,
    root: v2Mount.root,
    controllers: new Set((v2ControllersText ?? '').split(/\s+/).filter((name) => name !== '')),
  };
  if (v1.size === 0 && !v2) {
    throw new Error('no cgroup filesystem is mounted (no cgroup or cgroup2 line in mountinfo); mount /sys/fs/cgroup');
  }
  const kind: LayoutKind = v1.size === 0 ? 'v2' : v2 ? 'hybrid' : 'v1';
  return { kind, v1, v2 };
}

/** Where the first cgroup2 mount is (the one detectLayout uses), if any. */
function unifiedMountPoint(entries: readonly MountInfoEntry[]): string | undefined {
  return entries.find((entry) => entry.fsType === 'cgroup2')?.mountPoint;
}

/** Reads this process's mountinfo and the v2 root's controllers under `procRoot`. */
export async function readLayout(fs: CgroupFs, procRoot: string): Promise<CgroupLayout> {
  const path = join(procRoot, 'self', 'mountinfo');
  const text = await fs.readFile(path);
  if (text === undefined) throw new Error(`${path} is missing; is procfs mounted at ${procRoot}?`);
  const entries = parseMountinfo(text);
  const unified = unifiedMountPoint(entries);
  const controllers = unified === undefined ? undefined : await fs.readFile(join(unified, 'cgroup.controllers'));
  return detectLayout(entries, controllers);
}
