import { describe, expect, it } from 'vitest';
import { CgroupInspector } from './cgroup-inspector.js';
import { CONTAINER_ID, CONTAINER_PID, fixtureFs, type FixtureOverrides, type FixtureTree } from './fixtures/fixture-fs.js';
import type { CgroupUsage } from './usage.js';

async function readUsage(tree: FixtureTree, overrides?: FixtureOverrides): Promise<CgroupUsage> {
  return (await new CgroupInspector(fixtureFs(tree, overrides)).forPid(CONTAINER_PID)).readUsage();
}

describe('readUsage', () => {
  it('reads v1 usage, CPU from cpuacct.usage though the unified cpu.stat exists (hybrid)', async () => {
    expect(await readUsage('hybrid')).toEqual({
      memoryUsageBytes: 552960,
      cpuUsageNs: 36592176,
      pidsCurrent: 1,
      oomKillCount: 2,
    } satisfies CgroupUsage);
  });

  it('reads cpuacct.usage from a co-mounted cpu,cpuacct hierarchy', async () => {
    expect((await readUsage('v1-combined')).cpuUsageNs).toBe(123456789);
  });

  it('reads v2 usage, converting cpu.stat usage_usec to ns and oom_kill from memory.events', async () => {
    expect(await readUsage('v2')).toEqual({
      memoryUsageBytes: 1589248,
      cpuUsageNs: 81234000,
      pidsCurrent: 1,
      oomKillCount: 1,
    } satisfies CgroupUsage);
  });

  it('marks the OOM-kill count unsupported on a v1 kernel whose oom_control lacks the oom_kill line', async () => {
    const path = `/sys/fs/cgroup/memory/docker/${CONTAINER_ID}/memory.oom_control`;
    const usage = await readUsage('hybrid', { files: { [path]: 'oom_kill_disable 0\nunder_oom 0\n' } });
    expect(usage.oomKillCount).toEqual({ kind: 'unsupported', reason: `${path} has no oom_kill line` });
  });
});

describe('telemetry readings', () => {
  async function reader(tree: FixtureTree, overrides?: FixtureOverrides) {
    return new CgroupInspector(fixtureFs(tree, overrides)).forPid(CONTAINER_PID);
  }

  it.each([
    ['hybrid', 552960 - 8192],
    ['v1-combined', 2093056 - 786432],
    ['v2', 1589248 - 610304],
  ] as const)('reads the %s working set as usage less the inactive file cache', async (tree, bytes) => {
    expect(await (await reader(tree)).memoryWorkingSetBytes()).toBe(bytes);
  });

  it('marks the working set unsupported when memory.stat is missing, naming the file', async () => {
    const path = `/sys/fs/cgroup/system.slice/docker-${CONTAINER_ID}.scope/memory.stat`;
    expect(await (await reader('v2', { files: { [path]: undefined } })).memoryWorkingSetBytes()).toEqual({ kind: 'unsupported', reason: `${path} is missing` });
  });

  it.each([
    ['hybrid', { readBytes: 167936, writeBytes: 8474624 }],
    ['v1-combined', { readBytes: 1048576, writeBytes: 4096 + 2097152 }],
    ['v2', { readBytes: 1052672 + 4096, writeBytes: 65536 }],
  ] as const)('reads the %s block I/O bytes summed over devices', async (tree, bytes) => {
    expect(await (await reader(tree)).ioBytes()).toEqual(bytes);
  });

  it('falls back to the CFQ file on a v1 kernel without throttling', async () => {
    const dir = `/sys/fs/cgroup/blkio/docker/${CONTAINER_ID}`;
    const sut = await reader('hybrid', {
      files: { [`${dir}/blkio.throttle.io_service_bytes_recursive`]: undefined, [`${dir}/blkio.io_service_bytes_recursive`]: '8:0 Read 7\n8:0 Write 9\nTotal 16\n' },
    });
    expect(await sut.ioBytes()).toEqual({ readBytes: 7, writeBytes: 9 });
  });

  it('marks block I/O unsupported when v1 has no accounting file, saying why', async () => {
    const dir = `/sys/fs/cgroup/blkio/docker/${CONTAINER_ID}`;
    const sut = await reader('hybrid', { files: { [`${dir}/blkio.throttle.io_service_bytes_recursive`]: undefined } });
    expect(await sut.ioBytes()).toEqual({ kind: 'unsupported', reason: expect.stringMatching(/none of .* exists in .*no block I\/O accounting/) });
  });

  it.each([
    ['hybrid', 64 * 2 ** 20],
    ['v1-combined', null],
    ['v2', 64 * 2 ** 20],
  ] as const)('reads the %s memory cap', async (tree, bytes) => {
    expect(await (await reader(tree)).memoryLimitBytes()).toBe(bytes);
  });
});
