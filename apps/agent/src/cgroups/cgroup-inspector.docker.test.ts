// Integration tests on the real engine and this machine's real cgroup files: the caps Docker
// applies must read back as `ok`, a changed cap as `drift`, and usage must move as it should.
import { buildBusyboxImage, connectDocker, isNotFound, pollUntil, removeImage, uniqueName } from '@gantry/test-kit';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheck } from './cap-summary.js';
import { CgroupInspector, type CgroupReader } from './cgroup-inspector.js';
import { capsWith, MiB } from './fixtures/fixture-fs.js';
import type { CgroupFs } from './fs-port.js';
import { findMount, parseMountinfo } from './mountinfo.js';
import { NodeCgroupFs } from './node-cgroup-fs.js';
import { isUnsupported, type Unsupported } from './reading.js';

const fs = new NodeCgroupFs();
const inspector = new CgroupInspector(fs);

let docker: Docker;
let image: string;
const containers: Docker.Container[] = [];

beforeAll(async () => {
  docker = await connectDocker();
  image = await buildBusyboxImage(docker, { repo: `gantry-test/${uniqueName('cgroups')}`, tag: '1', cmd: ['sleep', '3600'] });
}, 60_000);

afterAll(async () => {
  for (const container of containers) await stopAndRemove(container);
  if (image) await removeImage(docker, image);
}, 60_000);

/** Creates and starts a container under a unique name; afterAll removes it. */
async function start(name: string, cmd: string[], hostConfig: Docker.HostConfig): Promise<{ container: Docker.Container; reader: CgroupReader }> {
  const container = await docker.createContainer({
    name: uniqueName(`gantry-cgroups-${name}`),
    Image: image,
    Cmd: cmd,
    HostConfig: { NetworkMode: 'none', ...hostConfig },
  });
  containers.push(container);
  await container.start();
  const { State } = await container.inspect();
  return { container, reader: await inspector.forPid(State.Pid) };
}

async function stopAndRemove(container: Docker.Container): Promise<void> {
  try {
    await container.stop({ t: 0 });
  } catch (error) {
    // 304: already stopped; 404: already gone. Both are what we want.
    if (!isNotFound(error) && !isStatus(error, 304)) throw error;
  }
  try {
    await container.remove({ force: true });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

function isStatus(error: unknown, statusCode: number): boolean {
  return typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === statusCode;
}

function measured(value: number | Unsupported): number {
  if (isUnsupported(value)) throw new Error(`this kernel cannot show it: ${value.reason}`);
  return value;
}

/**
 * The whole disk that holds `/`, found through the fs port: mountinfo gives its device
 * number, sysfs its name. Throttles apply to whole disks only, so a partition is traded for
 * its disk. Gives the reason instead when there is no such disk (overlay, tmpfs, btrfs).
 */
async function rootDisk(cgroupFs: CgroupFs): Promise<{ path: string } | { reason: string }> {
  const mountinfo = await cgroupFs.readFile('/proc/self/mountinfo');
  const root = mountinfo === undefined ? undefined : findMount(parseMountinfo(mountinfo), '/');
  if (!root || root.device.major === 0) {
    return { reason: `/ is on ${root?.fsType ?? 'an unknown filesystem'} with no block device behind it` };
  }
  const sysfs = `/sys/dev/block/${root.device.major}:${root.device.minor}`;
  const isPartition = (await cgroupFs.readFile(`${sysfs}/partition`)) !== undefined;
  const uevent = await cgroupFs.readFile(isPartition ? `${sysfs}/../uevent` : `${sysfs}/uevent`);
  const name = uevent === undefined ? undefined : /^DEVNAME=(.+)$/m.exec(uevent)?.[1];
  if (name === undefined) return { reason: `sysfs has no device name for ${sysfs}` };
  const path = `/dev/${name}`;
  if ((await cgroupFs.deviceNumber(path)) === undefined) return { reason: `${path} holds / but has no node in /dev` };
  return { path };
}

describe('a container capped through the Engine API', () => {
  const CAPS = {
    memoryBytes: 64 * MiB,
    memoryReservationBytes: 32 * MiB,
    memorySwapBytes: 128 * MiB,
    nanoCpus: 0.2e9,
    cpuShares: 512,
    cpusetCpus: '0',
    pidsLimit: 50,
  };
  let container: Docker.Container;
  let reader: CgroupReader;
  let disk: { path: string } | { reason: string };

  beforeAll(async () => {
    disk = await rootDisk(fs);
    ({ container, reader } = await start('caps', ['sleep', '3600'], {
      Memory: CAPS.memoryBytes,
      MemoryReservation: CAPS.memoryReservationBytes,
      MemorySwap: CAPS.memorySwapBytes,
      NanoCpus: CAPS.nanoCpus,
      CpuShares: CAPS.cpuShares,
      CpusetCpus: CAPS.cpusetCpus,
      PidsLimit: CAPS.pidsLimit,
      BlkioWeight: 500,
      BlkioDeviceReadBps: 'path' in disk ? [{ Path: disk.path, Rate: MiB }] : [],
    }));
  }, 30_000);

  it('reads back every memory, CPU and pids cap as ok', async () => {
    const checks = await reader.verify(capsWith(CAPS));
    expect(checks.map(describeCheck)).toEqual([
      'memoryBytes: want 64 MiB, kernel enforces 64 MiB (ok)',
      'memoryReservationBytes: want 32 MiB, kernel enforces 32 MiB (ok)',
      'memorySwapBytes: want 128 MiB, kernel enforces 128 MiB (ok)',
      'nanoCpus: want 0.2 CPU, kernel enforces 0.2 CPU (ok)',
      expect.stringMatching(/^cpuShares: want (512 shares|cpu\.weight \d+), kernel enforces .* \(ok\)$/),
      'cpusetCpus: want cpus 0, kernel enforces cpus 0 (ok)',
      'pidsLimit: want 50 pids, kernel enforces 50 pids (ok)',
    ]);
  });

  it('reads back the read-bandwidth cap on the root disk as ok', async (ctx) => {
    if ('reason' in disk) return ctx.skip(`no root disk to throttle: ${disk.reason}`);
    const [check] = await reader.verify(capsWith({ deviceReadBps: [{ path: disk.path, bytesPerSecond: MiB }] }));
    expect(check && describeCheck(check)).toBe(`deviceReadBps: want ${disk.path} 1 MiB/s, kernel enforces ${disk.path} 1 MiB/s (ok)`);
  });

  it('reads the usage of the idle container', async () => {
    const usage = await reader.readUsage();
    expect(usage.pidsCurrent).toBe(1);
    expect(measured(usage.memoryUsageBytes)).toBeGreaterThan(0);
    expect(measured(usage.memoryUsageBytes)).toBeLessThan(CAPS.memoryBytes);
    expect(measured(usage.cpuUsageNs)).toBeGreaterThan(0);
    expect(usage.oomKillCount).toBe(0);
  });

  it('calls the block-I/O weight ok only if the kernel holds it, and otherwise says why', async () => {
    // Kernels since 5.0 have no blkio.weight (CFQ is gone); Docker 20.10 then discards
    // BlkioWeight with a warning, and BFQ's file, where present, keeps its default.
    const [check] = await reader.verify(capsWith({ blkioWeight: 500 }));
    expect(check?.status === 'ok').toBe(check?.got === 500);
    if (check?.status === 'unsupported') expect(check.detail).toMatch(/blkio|io\.weight/);
  });

  it('reports drift once the memory limit is changed behind the agent’s back', async () => {
    await container.update({ Memory: 128 * MiB, MemorySwap: -1 });
    const checks = await reader.verify(capsWith(CAPS));
    const memory = checks.find((check) => check.field === 'memoryBytes');
    expect(memory && describeCheck(memory)).toBe('memoryBytes: want 64 MiB, kernel enforces 128 MiB (drift)');
  });
});

describe('usage of real containers', () => {
  it('holds a busy loop capped at 0.2 CPU to about 0.2 CPU', async () => {
    const { reader } = await start('busy', ['sh', '-c', 'while :; do :; done'], { NanoCpus: 0.2e9 });
    const first = await pollUntil(async () => {
      const usage = measured(await reader.cpuUsageNs());
      return usage > 0 && { usageNs: usage, atMs: performance.now() };
    }, { what: 'the busy loop to start using CPU' });
    // A rate needs a window: wait until ~2 s of wall time have passed, sampling as we go.
    const last = await pollUntil(async () => {
      const atMs = performance.now();
      return atMs - first.atMs >= 2000 && { usageNs: measured(await reader.cpuUsageNs()), atMs };
    }, { what: '2 s of wall time', intervalMs: 100, timeoutMs: 10_000 });
    const cpus = (last.usageNs - first.usageNs) / ((last.atMs - first.atMs) * 1e6);
    expect(cpus).toBeGreaterThan(0.05);
    expect(cpus).toBeLessThan(0.35);
  }, 30_000);

  it('counts an OOM kill when a process outgrows a 16 MiB cap', async () => {
    // The subshell doubles a string until the cap kills it; init lives on in `sleep`, so the
    // cgroup, and its counter, outlive the kill.
    const { container, reader } = await start('oom', ['sh', '-c', '(x=a; while :; do x=$x$x; done); sleep 3600'], {
      Memory: 16 * MiB,
      MemorySwap: 16 * MiB,
    });
    const kills = await pollUntil(async () => {
      const count = measured(await reader.oomKillCount());
      return count >= 1 && count;
    }, { what: 'an OOM kill in the container', timeoutMs: 20_000 });
    expect(kills).toBeGreaterThanOrEqual(1);
    expect((await container.inspect()).State.Running).toBe(true);
  }, 30_000);
});
