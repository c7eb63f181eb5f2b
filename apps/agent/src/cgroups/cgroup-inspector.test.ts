import { describe, expect, it } from 'vitest';
import { summarizeChecks } from './cap-summary.js';
import { CgroupInspector } from './cgroup-inspector.js';
import { capsWith, CONTAINER_PID, fixtureFs, MiB } from './fixtures/fixture-fs.js';

// The caps the fixtures' containers were created with (see fixtures/README.md).
const CREATED = capsWith({
  memoryBytes: 64 * MiB,
  memoryReservationBytes: 32 * MiB,
  memorySwapBytes: 128 * MiB,
  nanoCpus: 0.2e9,
  cpuShares: 512,
  cpusetCpus: '0',
  pidsLimit: 50,
});

describe('CgroupInspector on fixture trees', () => {
  it('verifies every cap of a container on a hybrid host, resolving device paths through the fs port', async () => {
    const fs = fixtureFs('hybrid', { devices: { '/dev/vda': { major: 254, minor: 0 } } });
    const reader = await new CgroupInspector(fs).forPid(CONTAINER_PID);
    const checks = await reader.verify({ ...CREATED, deviceReadBps: [{ path: '/dev/vda', bytesPerSecond: MiB }] });
    expect(summarizeChecks(checks)).toMatchObject({ isVerified: true, hasDrift: false });
    expect(checks).toHaveLength(8);
  });

  it('verifies every cap of a container on a pure v2 host, shares and weights in v2 space', async () => {
    const fs = fixtureFs('v2', { devices: { '/dev/mmcblk0': { major: 179, minor: 0 } } });
    const reader = await new CgroupInspector(fs).forPid(CONTAINER_PID);
    const checks = await reader.verify({
      ...CREATED,
      blkioWeight: 500,
      deviceReadBps: [{ path: '/dev/mmcblk0', bytesPerSecond: MiB }],
      deviceWriteIops: [{ path: '/dev/mmcblk0', iops: 200 }],
    });
    expect(summarizeChecks(checks).lines.filter((line) => !line.endsWith('(ok)'))).toEqual([]);
    expect(checks.find((check) => check.field === 'cpuShares')).toMatchObject({ want: 20, got: 20, scale: 'cpu.weight' });
  });

  it('reports drift in words a person reads', async () => {
    const reader = await new CgroupInspector(fixtureFs('hybrid')).forPid(CONTAINER_PID);
    const summary = summarizeChecks(await reader.verify(capsWith({ memoryBytes: 32 * MiB })));
    expect(summary).toEqual({ isVerified: false, hasDrift: true, lines: ['memoryBytes: want 32 MiB, kernel enforces 64 MiB (drift)'] });
  });

  it('reports a device cap on a path that does not exist as unsupported', async () => {
    const reader = await new CgroupInspector(fixtureFs('hybrid')).forPid(CONTAINER_PID);
    const [check] = await reader.verify(capsWith({ deviceReadBps: [{ path: '/dev/sdq', bytesPerSecond: MiB }] }));
    expect(check).toMatchObject({ field: 'deviceReadBps', status: 'unsupported' });
  });

  it('reads procfs under another root', async () => {
    const fs = fixtureFs('v2');
    const moved = { ...fs, readFile: (path: string) => fs.readFile(path.replace(/^\/host\/proc\//, '/proc/')) };
    const reader = await new CgroupInspector(moved, '/host/proc').forPid(CONTAINER_PID);
    expect(reader.layout.kind).toBe('v2');
  });

  it('refuses pid 0, which inspect gives for a container that is not running', async () => {
    await expect(new CgroupInspector(fixtureFs('v2')).forPid(0)).rejects.toThrow(/is it running\?/);
  });

  it('says the process has exited when its /proc entry is gone', async () => {
    await expect(new CgroupInspector(fixtureFs('v2')).forPid(999)).rejects.toThrow('/proc/999/cgroup is missing: process 999 has exited');
  });
});
