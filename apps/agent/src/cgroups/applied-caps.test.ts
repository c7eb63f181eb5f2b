import { describe, expect, it } from 'vitest';
import { CgroupInspector } from './cgroup-inspector.js';
import { CONTAINER_ID, CONTAINER_PID, fixtureFs, MiB, type FixtureOverrides, type FixtureTree } from './fixtures/fixture-fs.js';
import type { AppliedCaps } from './applied-caps.js';

async function readCaps(tree: FixtureTree, overrides?: FixtureOverrides): Promise<AppliedCaps> {
  const reader = await new CgroupInspector(fixtureFs(tree, overrides)).forPid(CONTAINER_PID);
  return reader.readCaps();
}

const V2_DIR = `/sys/fs/cgroup/system.slice/docker-${CONTAINER_ID}.scope`;
const HYBRID_BLKIO = `/sys/fs/cgroup/blkio/docker/${CONTAINER_ID}`;
const V1_MEMORY = `/sys/fs/cgroup/memory/system.slice/docker-${CONTAINER_ID}.scope`;

describe('readAppliedCaps', () => {
  it('reads a capped container on a hybrid host with cpu and cpuacct mounted apart', async () => {
    expect(await readCaps('hybrid')).toEqual({
      memoryBytes: 64 * MiB,
      memoryReservationBytes: 32 * MiB,
      memorySwapBytes: 128 * MiB,
      nanoCpus: 0.2e9,
      cpuShares: { scale: 'docker', value: 512, file: 'cpu.shares' },
      cpusetCpus: '0',
      pidsLimit: 50,
      blkioWeight: { scale: 'docker', value: 100, file: 'blkio.bfq.weight' },
      blkioWeightDevice: { scale: 'docker', devices: [] },
      deviceReadBps: [{ major: 254, minor: 0, value: MiB }],
      deviceWriteBps: [],
      deviceReadIops: [],
      deviceWriteIops: [],
    } satisfies AppliedCaps);
  });

  it('reads an uncapped container on a v1 host with cpu,cpuacct co-mounted: unlimited values are null', async () => {
    const caps = await readCaps('v1-combined');
    expect(caps).toMatchObject({
      memoryBytes: null,
      memoryReservationBytes: null,
      nanoCpus: null,
      cpuShares: { scale: 'docker', value: 1024, file: 'cpu.shares' },
      cpusetCpus: '0-3',
      pidsLimit: null,
      blkioWeight: { scale: 'docker', value: 500, file: 'blkio.weight' },
      blkioWeightDevice: { scale: 'docker', devices: [{ major: 8, minor: 0, value: 300 }] },
      deviceWriteIops: [{ major: 8, minor: 0, value: 100 }],
    });
  });

  it('marks memory+swap unsupported on v1 without swap accounting, naming the file and the boot flag', async () => {
    const caps = await readCaps('v1-combined');
    expect(caps.memorySwapBytes).toEqual({
      kind: 'unsupported',
      reason: expect.stringMatching(new RegExp(`^${V1_MEMORY}/memory.memsw.limit_in_bytes is missing .*swapaccount=1`)),
    });
  });

  it('reads a capped container on a pure v2 host, adding swap.max to memory.max', async () => {
    expect(await readCaps('v2')).toEqual({
      memoryBytes: 64 * MiB,
      memoryReservationBytes: 32 * MiB,
      memorySwapBytes: 128 * MiB,
      nanoCpus: 0.2e9,
      cpuShares: { scale: 'v2', value: 20, file: 'cpu.weight' },
      cpusetCpus: '0',
      pidsLimit: 50,
      blkioWeight: { scale: 'v2', value: 4950, file: 'io.weight' },
      blkioWeightDevice: { scale: 'v2', devices: [] },
      deviceReadBps: [{ major: 179, minor: 0, value: MiB }],
      deviceWriteBps: [],
      deviceReadIops: [],
      deviceWriteIops: [{ major: 179, minor: 0, value: 200 }],
    } satisfies AppliedCaps);
  });

  it('reads max and an empty v2 cpuset as not capped', async () => {
    const caps = await readCaps('v2', {
      files: {
        [`${V2_DIR}/memory.max`]: 'max\n',
        [`${V2_DIR}/memory.swap.max`]: 'max\n',
        [`${V2_DIR}/cpu.max`]: 'max 100000\n',
        [`${V2_DIR}/cpuset.cpus`]: '\n',
        [`${V2_DIR}/pids.max`]: 'max\n',
      },
    });
    expect(caps).toMatchObject({ memoryBytes: null, memorySwapBytes: null, nanoCpus: null, cpusetCpus: null, pidsLimit: null });
  });

  it('marks memory+swap unsupported on v2 when memory.swap.max is missing', async () => {
    const caps = await readCaps('v2', { files: { [`${V2_DIR}/memory.swap.max`]: undefined } });
    expect(caps.memorySwapBytes).toEqual({ kind: 'unsupported', reason: expect.stringContaining(`${V2_DIR}/memory.swap.max is missing`) });
    expect(caps.memoryBytes).toBe(64 * MiB);
  });

  it('prefers io.bfq.weight on v2, on Docker’s scale, with its per-device lines', async () => {
    const caps = await readCaps('v2', { files: { [`${V2_DIR}/io.bfq.weight`]: 'default 500\n179:0 200\n' } });
    expect(caps.blkioWeight).toEqual({ scale: 'docker', value: 500, file: 'io.bfq.weight' });
    expect(caps.blkioWeightDevice).toEqual({ scale: 'docker', devices: [{ major: 179, minor: 0, value: 200 }] });
  });

  it('marks block-I/O weights unsupported when no weight file exists', async () => {
    const caps = await readCaps('hybrid', {
      files: { [`${HYBRID_BLKIO}/blkio.bfq.weight`]: undefined, [`${HYBRID_BLKIO}/blkio.bfq.weight_device`]: undefined },
    });
    expect(caps.blkioWeight).toEqual({
      kind: 'unsupported',
      reason: `none of blkio.weight, blkio.bfq.weight exists in ${HYBRID_BLKIO} (the kernel has no proportional block-I/O scheduler with cgroup support (BFQ or iocost))`,
    });
    expect(caps.deviceReadBps).toEqual([{ major: 254, minor: 0, value: MiB }]);
  });

  it('marks throttles unsupported when the throttle files are missing', async () => {
    const caps = await readCaps('hybrid', { files: { [`${HYBRID_BLKIO}/blkio.throttle.read_bps_device`]: undefined } });
    expect(caps.deviceReadBps).toEqual({ kind: 'unsupported', reason: expect.stringContaining('CONFIG_BLK_DEV_THROTTLING') });
  });

  it('marks every block-I/O field unsupported when v2 does not offer the io controller', async () => {
    const caps = await readCaps('v2', { files: { '/sys/fs/cgroup/cgroup.controllers': 'cpuset cpu memory pids\n' } });
    const reason = expect.stringContaining('no cgroup mount provides the blkio controller');
    expect(caps).toMatchObject({
      blkioWeight: { kind: 'unsupported', reason },
      deviceReadBps: { kind: 'unsupported', reason },
      deviceWriteIops: { kind: 'unsupported', reason },
    });
  });
});
