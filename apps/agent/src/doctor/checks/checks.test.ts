import { describe, expect, it } from 'vitest';
import { memoryHost, v1Mount, v2Mount } from '../fixtures/memory-host.js';
import { blkioWeightCheck } from './blkio-weight.js';
import { capSupportCheck } from './cap-support.js';
import { cgroupsCheck } from './cgroups.js';
import { compareVersions, parseVersion } from './docker.js';
import { memorySwapCheck } from './memory-swap.js';

const signal = new AbortController().signal;

const V1_MOUNTS = [
  v1Mount(1, 'memory', 'memory'),
  v1Mount(2, 'cpu,cpuacct', 'cpu,cpuacct'),
  v1Mount(3, 'cpuset', 'cpuset'),
  v1Mount(4, 'pids', 'pids'),
  v1Mount(5, 'blkio', 'blkio'),
];
const V1_FILES = {
  '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
  '/sys/fs/cgroup/memory/memory.soft_limit_in_bytes': '9223372036854771712\n',
  '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '-1\n',
  '/sys/fs/cgroup/cpu,cpuacct/cpu.shares': '1024\n',
  '/sys/fs/cgroup/cpuset/cpuset.cpus': '0-3\n',
  // pids.max is never at the root: the kernel creates it only in child cgroups.
  '/sys/fs/cgroup/pids/docker/pids.max': 'max\n',
  '/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device': '',
};

const V2_FILES = {
  '/sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n',
  '/sys/fs/cgroup/system.slice/memory.max': 'max\n',
  '/sys/fs/cgroup/system.slice/memory.low': '0\n',
  '/sys/fs/cgroup/system.slice/memory.swap.max': 'max\n',
  '/sys/fs/cgroup/system.slice/cpu.max': 'max 100000\n',
  '/sys/fs/cgroup/system.slice/cpu.weight': '100\n',
  '/sys/fs/cgroup/system.slice/cpuset.cpus': '\n',
  '/sys/fs/cgroup/system.slice/pids.max': 'max\n',
  '/sys/fs/cgroup/system.slice/io.max': '',
  '/sys/fs/cgroup/system.slice/io.bfq.weight': 'default 100\n',
  '/sys/block/sda/queue/scheduler': 'mq-deadline kyber [bfq] none\n',
  '/sys/block/loop0/queue/scheduler': '[none]\n',
};

describe('cgroups check', () => {
  it('reports a pure v2 layout with every controller caps need', async () => {
    const finding = await cgroupsCheck.run(memoryHost([v2Mount('/sys/fs/cgroup')], V2_FILES), signal);

    expect(finding).toMatchObject({ status: 'ok', facts: { layout: 'v2', controllers: ['memory', 'cpu', 'cpuset', 'pids', 'blkio'] } });
    expect(finding.found).toContain('io (v2)');
  });

  it('fails without a cpu controller, and names the caps that go with it', async () => {
    const finding = await cgroupsCheck.run(memoryHost([v1Mount(1, 'memory', 'memory')], {}), signal);

    expect(finding.status).toBe('fail');
    expect(finding.found).toContain('cpu (CPU caps)');
  });
});

describe('cap-support check', () => {
  it('finds files kept below the root, such as pids.max', async () => {
    const finding = await capSupportCheck.run(memoryHost(V1_MOUNTS, V1_FILES), signal);

    expect(finding).toMatchObject({ status: 'ok', facts: { missing: [] } });
  });

  it('warns about a missing optional cap and names the kernel option', async () => {
    const { '/sys/fs/cgroup/pids/docker/pids.max': _pids, ...files } = V1_FILES;

    const finding = await capSupportCheck.run(memoryHost(V1_MOUNTS, files), signal);

    expect(finding).toMatchObject({ status: 'warn', facts: { missing: ['pids limit'] } });
    expect(finding.advice).toContain('CONFIG_CGROUP_PIDS');
  });

  it('fails when the kernel cannot enforce CPU quotas', async () => {
    const { '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': _quota, ...files } = V1_FILES;

    const finding = await capSupportCheck.run(memoryHost(V1_MOUNTS, files), signal);

    expect(finding.status).toBe('fail');
    expect(finding.advice).toContain('CONFIG_CFS_BANDWIDTH');
  });
});

describe('memory-swap check', () => {
  it('warns when v1 has no memsw files, with the kernel parameter to set', async () => {
    const finding = await memorySwapCheck.run(memoryHost(V1_MOUNTS, V1_FILES), signal);

    expect(finding.status).toBe('warn');
    expect(finding.advice).toContain('swapaccount=1');
  });

  it('finds memory.swap.max below the v2 root', async () => {
    const finding = await memorySwapCheck.run(memoryHost([v2Mount('/sys/fs/cgroup')], V2_FILES), signal);

    expect(finding).toMatchObject({ status: 'ok', facts: { isSwapAccounted: true } });
  });
});

describe('blkio-weight check', () => {
  it('is ok on v2 with io.bfq.weight and a disk scheduled by BFQ', async () => {
    const finding = await blkioWeightCheck.run(memoryHost([v2Mount('/sys/fs/cgroup')], V2_FILES), signal);

    expect(finding).toMatchObject({ status: 'ok', facts: { weightedDisks: ['sda'] } });
  });

  it('warns that weights do nothing when no disk uses BFQ or CFQ', async () => {
    const files = { ...V2_FILES, '/sys/block/sda/queue/scheduler': '[mq-deadline] kyber bfq none\n' };

    const finding = await blkioWeightCheck.run(memoryHost([v2Mount('/sys/fs/cgroup')], files), signal);

    expect(finding.status).toBe('warn');
    expect(finding.found).toContain('sda: mq-deadline');
    expect(finding.advice).toContain('echo bfq > /sys/block/sda/queue/scheduler');
  });

  it('is ok on v1 with CFQ: blkio.weight at the root', async () => {
    const files = { ...V1_FILES, '/sys/fs/cgroup/blkio/blkio.weight': '500\n', '/sys/block/sda/queue/scheduler': 'noop deadline [cfq]\n' };

    const finding = await blkioWeightCheck.run(memoryHost(V1_MOUNTS, files), signal);

    expect(finding).toMatchObject({ status: 'ok', facts: { isAppliedByDocker: true } });
  });

  it('warns on v1 with only BFQ weights, which Docker discards', async () => {
    const files = { ...V1_FILES, '/sys/fs/cgroup/blkio/docker/blkio.bfq.weight': 'default 100\n' };

    const finding = await blkioWeightCheck.run(memoryHost(V1_MOUNTS, files), signal);

    expect(finding).toMatchObject({ status: 'warn', facts: { isAppliedByDocker: false } });
    expect(finding.found).toContain('Docker discards blkio weight caps');
  });

  it('warns when neither CFQ nor BFQ weights exist', async () => {
    const finding = await blkioWeightCheck.run(memoryHost(V1_MOUNTS, V1_FILES), signal);

    expect(finding.status).toBe('warn');
    expect(finding.advice).toContain('CONFIG_BFQ_GROUP_IOSCHED');
  });
});

describe('docker versions', () => {
  it.each([
    ['20.10.24+dfsg1', [20, 10], 0],
    ['19.03.15', [19, 3], -1],
    ['27.3.1', [27, 3], 1],
  ] as const)('reads %s', (text, parsed, sign) => {
    const version = parseVersion(text);
    expect(version).toEqual(parsed);
    expect(Math.sign(compareVersions(version ?? [0, 0], [20, 10]))).toBe(sign);
  });
});
