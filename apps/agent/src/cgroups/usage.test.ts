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
