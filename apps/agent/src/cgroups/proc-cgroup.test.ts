import { describe, expect, it } from 'vitest';
import type { CgroupLayout } from './layout.js';
import { controllerDir, locateCgroup, parseProcCgroup } from './proc-cgroup.js';

const ID = '/docker/0123abcd';

function v1Layout(root = '/'): CgroupLayout {
  return {
    kind: 'v1',
    v1: new Map([
      ['memory', { mountPoint: '/sys/fs/cgroup/memory', root }],
      ['cpu', { mountPoint: '/sys/fs/cgroup/cpu,cpuacct', root }],
      ['cpuacct', { mountPoint: '/sys/fs/cgroup/cpu,cpuacct', root }],
    ]),
    v2: undefined,
  };
}

const v2Layout: CgroupLayout = {
  kind: 'v2',
  v1: new Map(),
  v2: { mountPoint: '/sys/fs/cgroup', root: '/', controllers: new Set(['cpu', 'memory', 'pids', 'io', 'cpuset']) },
};

describe('parseProcCgroup', () => {
  it('splits hierarchy id, controllers and a path that may contain colons', () => {
    expect(parseProcCgroup(`3:cpu,cpuacct:${ID}\n1:name=systemd:/a:b\n0::/system.slice/x.scope\n`)).toEqual([
      { hierarchyId: 3, controllers: ['cpu', 'cpuacct'], path: ID },
      { hierarchyId: 1, controllers: ['name=systemd'], path: '/a:b' },
      { hierarchyId: 0, controllers: [], path: '/system.slice/x.scope' },
    ]);
  });
});

describe('locateCgroup', () => {
  it('gives each v1 controller its directory, co-mounted ones the same', () => {
    const dirs = locateCgroup(v1Layout(), parseProcCgroup(`4:memory:${ID}\n3:cpu,cpuacct:${ID}\n0::${ID}\n`));
    expect(dirs.v1).toEqual(
      new Map([
        ['memory', `/sys/fs/cgroup/memory${ID}`],
        ['cpu', `/sys/fs/cgroup/cpu,cpuacct${ID}`],
        ['cpuacct', `/sys/fs/cgroup/cpu,cpuacct${ID}`],
      ]),
    );
    expect(dirs.v2).toBeUndefined();
  });

  it('gives a pure v2 process one unified directory', () => {
    const dirs = locateCgroup(v2Layout, parseProcCgroup('0::/system.slice/docker-0123abcd.scope\n'));
    expect(dirs.v1.size).toBe(0);
    expect(dirs.v2).toBe('/sys/fs/cgroup/system.slice/docker-0123abcd.scope');
  });

  it('strips the mount root of a mount that shows only a sub-cgroup', () => {
    const dirs = locateCgroup(v1Layout('/docker'), parseProcCgroup(`4:memory:${ID}\n`));
    expect(dirs.v1.get('memory')).toBe('/sys/fs/cgroup/memory/0123abcd');
  });

  it('refuses a cgroup outside what the mount shows, saying to mount the whole hierarchy', () => {
    expect(() => locateCgroup(v1Layout('/kubepods'), parseProcCgroup(`4:memory:${ID}\n`))).toThrow(/mount the host's whole cgroup hierarchy/);
  });

  it('refuses a cgroup hidden by a cgroup namespace, saying to use the host namespace', () => {
    expect(() => locateCgroup(v2Layout, parseProcCgroup('0::/../../system.slice/docker-1.scope\n'))).toThrow(/--cgroupns=host/);
  });
});

describe('controllerDir', () => {
  const hybrid: CgroupLayout = {
    kind: 'hybrid',
    v1: new Map([['memory', { mountPoint: '/sys/fs/cgroup/memory', root: '/' }]]),
    v2: { mountPoint: '/sys/fs/cgroup/unified', root: '/', controllers: new Set(['pids']) },
  };
  const dirs = locateCgroup(hybrid, parseProcCgroup(`4:memory:${ID}\n0::${ID}\n`));

  it('prefers the v1 mount of a controller in a hybrid layout', () => {
    expect(controllerDir(dirs, 'memory')).toEqual({ version: 1, dir: `/sys/fs/cgroup/memory${ID}` });
  });

  it('falls back to the unified directory for a controller only v2 offers', () => {
    expect(controllerDir(dirs, 'pids')).toEqual({ version: 2, dir: `/sys/fs/cgroup/unified${ID}` });
  });

  it('reads CPU usage from the unified cpu.stat even without the cpu controller', () => {
    expect(controllerDir(dirs, 'cpuacct')).toEqual({ version: 2, dir: `/sys/fs/cgroup/unified${ID}` });
  });

  it('marks a controller no mount provides as unsupported', () => {
    expect(controllerDir(dirs, 'blkio')).toEqual({ kind: 'unsupported', reason: expect.stringContaining('blkio controller') });
  });
});
