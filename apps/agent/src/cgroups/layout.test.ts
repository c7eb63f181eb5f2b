import { describe, expect, it } from 'vitest';
import { fixtureFs } from './fixtures/fixture-fs.js';
import { detectLayout, readLayout } from './layout.js';
import { parseMountinfo } from './mountinfo.js';

const cgroup = (id: number, mountPoint: string, options: string) =>
  `${id} 25 0:${id} / ${mountPoint} rw,relatime - cgroup cgroup rw,${options}`;
const cgroup2 = (mountPoint: string) => `50 25 0:50 / ${mountPoint} rw,relatime - cgroup2 cgroup2 rw,nsdelegate`;

describe('detectLayout', () => {
  it('maps co-mounted v1 controllers to one mount and ignores named hierarchies', () => {
    const layout = detectLayout(
      parseMountinfo([cgroup(1, '/sys/fs/cgroup/systemd', 'xattr,name=systemd'), cgroup(2, '/sys/fs/cgroup/cpu,cpuacct', 'cpu,cpuacct')].join('\n')),
      undefined,
    );
    expect(layout.kind).toBe('v1');
    expect(layout.v1.get('cpu')?.mountPoint).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(layout.v1.get('cpuacct')?.mountPoint).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect([...layout.v1.keys()].sort()).toEqual(['cpu', 'cpuacct']);
    expect(layout.v2).toBeUndefined();
  });

  it('maps separately mounted cpu and cpuacct to their own mounts', () => {
    const layout = detectLayout(
      parseMountinfo([cgroup(1, '/sys/fs/cgroup/cpu', 'cpu'), cgroup(2, '/sys/fs/cgroup/cpuacct', 'cpuacct')].join('\n')),
      undefined,
    );
    expect(layout.v1.get('cpu')?.mountPoint).toBe('/sys/fs/cgroup/cpu');
    expect(layout.v1.get('cpuacct')?.mountPoint).toBe('/sys/fs/cgroup/cpuacct');
  });

  it('calls v1 controllers beside a cgroup2 mount hybrid and keeps the v2 controllers', () => {
    const layout = detectLayout(
      parseMountinfo([cgroup(1, '/sys/fs/cgroup/memory', 'memory'), cgroup2('/sys/fs/cgroup/unified')].join('\n')),
      'hugetlb\n',
    );
    expect(layout.kind).toBe('hybrid');
    expect(layout.v2).toEqual({ mountPoint: '/sys/fs/cgroup/unified', root: '/', controllers: new Set(['hugetlb']) });
  });

  it('calls a lone cgroup2 mount v2, also beside a named v1 hierarchy', () => {
    const layout = detectLayout(
      parseMountinfo([cgroup2('/sys/fs/cgroup'), cgroup(1, '/run/cgroup-systemd', 'name=systemd')].join('\n')),
      'cpuset cpu io memory pids\n',
    );
    expect(layout.kind).toBe('v2');
    expect(layout.v2?.controllers).toEqual(new Set(['cpuset', 'cpu', 'io', 'memory', 'pids']));
  });

  it('gives an empty controller set when the v2 root has no cgroup.controllers', () => {
    expect(detectLayout(parseMountinfo(cgroup2('/sys/fs/cgroup')), undefined).v2?.controllers.size).toBe(0);
  });

  it('refuses a host with no cgroup mount at all', () => {
    expect(() => detectLayout(parseMountinfo('22 27 0:21 / /proc rw - proc proc rw'), undefined)).toThrow(/no cgroup filesystem is mounted/);
  });
});

describe('readLayout', () => {
  it.each([
    ['hybrid', 'hybrid', ['hugetlb']],
    ['v1-combined', 'v1', undefined],
    ['v2', 'v2', ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc']],
  ] as const)('reads the %s fixture as a %s layout', async (tree, kind, controllers) => {
    const layout = await readLayout(fixtureFs(tree), '/proc');
    expect(layout.kind).toBe(kind);
    expect(layout.v2 && [...layout.v2.controllers]).toEqual(controllers);
  });

  it('says where procfs was expected when mountinfo is missing', async () => {
    await expect(readLayout(fixtureFs('v2'), '/host/proc')).rejects.toThrow('/host/proc/self/mountinfo is missing');
  });
});
