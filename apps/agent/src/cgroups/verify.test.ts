import { describe, expect, it } from 'vitest';
import type { AppliedCaps } from './applied-caps.js';
import { capsWith, MiB, UNCAPPED } from './fixtures/fixture-fs.js';
import { unsupported } from './reading.js';
import { verifyCaps, type CapCheck } from './verify.js';

const NOTHING_APPLIED: AppliedCaps = {
  memoryBytes: null,
  memoryReservationBytes: null,
  memorySwapBytes: null,
  nanoCpus: null,
  cpuShares: { scale: 'docker', value: 1024, file: 'cpu.shares' },
  cpusetCpus: '0-3',
  pidsLimit: null,
  blkioWeight: { scale: 'docker', value: 100, file: 'blkio.weight' },
  blkioWeightDevice: { scale: 'docker', devices: [] },
  deviceReadBps: [],
  deviceWriteBps: [],
  deviceReadIops: [],
  deviceWriteIops: [],
};

const applied = (caps: Partial<AppliedCaps>): AppliedCaps => ({ ...NOTHING_APPLIED, ...caps });
const only = (checks: CapCheck[]): CapCheck => {
  expect(checks).toHaveLength(1);
  return checks[0] as CapCheck;
};

describe('verifyCaps', () => {
  it('checks nothing when nothing is capped, and never ulimits or the CPU reservation', () => {
    expect(verifyCaps(UNCAPPED, NOTHING_APPLIED)).toEqual([]);
    const caps = capsWith({ ulimits: { nofile: { soft: 1024, hard: 2048 } }, nanoCpusReservation: 1e8 });
    expect(verifyCaps(caps, NOTHING_APPLIED)).toEqual([]);
  });

  it('gives one check per capped field, in the order of ResourceCaps', () => {
    const caps = capsWith({ memoryBytes: 64 * MiB, pidsLimit: 50, nanoCpus: 0.5e9 });
    const checks = verifyCaps(caps, applied({ memoryBytes: 64 * MiB, pidsLimit: 50, nanoCpus: 0.5e9 }));
    expect(checks.map((check) => [check.field, check.status])).toEqual([
      ['memoryBytes', 'ok'],
      ['nanoCpus', 'ok'],
      ['pidsLimit', 'ok'],
    ]);
  });

  it.each([
    ['the same limit', 64 * MiB, 64 * MiB, 'ok'],
    ['a limit the kernel rounded down to a page', 64 * MiB + 100, 64 * MiB, 'ok'],
    ['a limit a page lower', 64 * MiB, 64 * MiB - 4096, 'drift'],
    ['a different limit', 64 * MiB, 128 * MiB, 'drift'],
    ['no limit at all', 64 * MiB, null, 'drift'],
  ] as const)('compares memory limits page by page: %s is %s', (_, want, got, status) => {
    expect(only(verifyCaps(capsWith({ memoryBytes: want }), applied({ memoryBytes: got }))).status).toBe(status);
  });

  it('rounds to the page size it is given', () => {
    const check = only(verifyCaps(capsWith({ memoryBytes: 64 * MiB + 8192 }), applied({ memoryBytes: 64 * MiB }), { pageSizeBytes: 65536 }));
    expect(check).toMatchObject({ status: 'ok', detail: 'compared in whole 65536-byte pages' });
  });

  it.each([
    ['unlimited swap that is unlimited', -1, null, 'ok'],
    ['unlimited swap that is capped', -1, 128 * MiB, 'drift'],
    ['capped memory+swap that matches', 128 * MiB, 128 * MiB, 'ok'],
    ['capped memory+swap that is unlimited', 128 * MiB, null, 'drift'],
  ] as const)('compares memory+swap: %s', (_, want, got, status) => {
    const caps = capsWith({ memoryBytes: 64 * MiB, memorySwapBytes: want });
    const checks = verifyCaps(caps, applied({ memoryBytes: 64 * MiB, memorySwapBytes: got }));
    expect(checks.find((check) => check.field === 'memorySwapBytes')?.status).toBe(status);
  });

  it.each([
    ['an exact quota', 0.2e9, 0.2e9, 'ok'],
    ['a quota truncated to a whole microsecond', 0.2e9 + 9_999, 0.2e9, 'ok'],
    ['a quota off by more than a microsecond', 0.2e9, 0.3e9, 'drift'],
    ['no quota', 0.2e9, null, 'drift'],
  ] as const)('compares CPU limits within the CFS granularity: %s is %s', (_, want, got, status) => {
    expect(only(verifyCaps(capsWith({ nanoCpus: want }), applied({ nanoCpus: got }))).status).toBe(status);
  });

  it('compares v1 cpu shares exactly', () => {
    const check = only(verifyCaps(capsWith({ cpuShares: 512 }), applied({ cpuShares: { scale: 'docker', value: 1024, file: 'cpu.shares' } })));
    expect(check).toMatchObject({ want: 512, got: 1024, status: 'drift' });
    expect(check.scale).toBeUndefined();
  });

  it.each([
    ["runc's linear weight", 20, 'ok', 20],
    ["runc 1.3.2's quadratic weight", 59, 'ok', 59],
    ['another weight', 39, 'drift', 20],
  ] as const)('compares v2 cpu shares in weight space: %s is %s', (_, weight, status, want) => {
    const check = only(verifyCaps(capsWith({ cpuShares: 512 }), applied({ cpuShares: { scale: 'v2', value: weight, file: 'cpu.weight' } })));
    expect(check).toMatchObject({ want, got: weight, status, scale: 'cpu.weight' });
    expect(check.detail).toContain('512 shares is cpu.weight 20');
  });

  it.each([
    ['the same cpus written differently', '0-1,3', '3,0,1', 'ok'],
    ['other cpus', '0', '0-3', 'drift'],
    ['an inherited (empty) v2 cpuset', '0', null, 'drift'],
  ] as const)('compares cpusets as sets: %s is %s', (_, want, got, status) => {
    expect(only(verifyCaps(capsWith({ cpusetCpus: want }), applied({ cpusetCpus: got }))).status).toBe(status);
  });

  it('compares block-I/O weights on v2 in io.weight space', () => {
    const check = only(verifyCaps(capsWith({ blkioWeight: 500 }), applied({ blkioWeight: { scale: 'v2', value: 4950, file: 'io.weight' } })));
    expect(check).toMatchObject({ want: 4950, got: 4950, status: 'ok', scale: 'io.weight' });
  });

  it('explains a BFQ weight that differs, since re-applying it will not help', () => {
    const check = only(verifyCaps(capsWith({ blkioWeight: 500 }), applied({ blkioWeight: { scale: 'docker', value: 100, file: 'blkio.bfq.weight' } })));
    expect(check).toMatchObject({ status: 'drift', got: 100, detail: expect.stringMatching(/^read from blkio\.bfq\.weight; BFQ weights act only/) });
  });

  it('reports a missing file as unsupported with its reason, never as ok or drift', () => {
    const reason = '/sys/fs/cgroup/memory/x/memory.memsw.limit_in_bytes is missing (no swap accounting)';
    const checks = verifyCaps(
      capsWith({ memoryBytes: 64 * MiB, memorySwapBytes: 128 * MiB }),
      applied({ memoryBytes: 64 * MiB, memorySwapBytes: unsupported(reason) }),
    );
    expect(checks[1]).toEqual({ field: 'memorySwapBytes', want: 128 * MiB, got: null, status: 'unsupported', detail: reason });
  });

  describe('per-device caps', () => {
    const devices = new Map([
      ['/dev/vda', { major: 254, minor: 0 }],
      ['/dev/vdb', { major: 254, minor: 16 }],
    ]);
    const readBps = (...paths: string[]) => capsWith({ deviceReadBps: paths.map((path) => ({ path, bytesPerSecond: MiB })) });

    it('matches kernel entries to desired paths by device number', () => {
      const check = only(verifyCaps(readBps('/dev/vda'), applied({ deviceReadBps: [{ major: 254, minor: 0, value: MiB }] }), { devices }));
      expect(check).toMatchObject({
        status: 'ok',
        want: [{ device: '/dev/vda', value: MiB }],
        got: [{ device: '/dev/vda', value: MiB }],
      });
    });

    it('reports drift naming the device that is not capped as asked', () => {
      const got = applied({ deviceReadBps: [{ major: 254, minor: 0, value: MiB }, { major: 8, minor: 0, value: 5 }] });
      const check = only(verifyCaps(readBps('/dev/vda', '/dev/vdb'), got, { devices }));
      expect(check).toMatchObject({ status: 'drift', detail: 'differs on /dev/vdb' });
      expect(check.got).toEqual([
        { device: '/dev/vda', value: MiB },
        { device: '8:0', value: 5 },
      ]);
    });

    it('reports a device path without a device number as unsupported', () => {
      const check = only(verifyCaps(readBps('/dev/sdz'), applied({}), { devices }));
      expect(check).toMatchObject({ status: 'unsupported', detail: expect.stringContaining('no device number for /dev/sdz') });
    });

    it('compares per-device weights on v2 in io.weight space', () => {
      const caps = capsWith({ blkioWeightDevice: [{ path: '/dev/vda', weight: 500 }] });
      const got = applied({ blkioWeightDevice: { scale: 'v2', devices: [{ major: 254, minor: 0, value: 4950 }] } });
      expect(only(verifyCaps(caps, got, { devices }))).toMatchObject({ status: 'ok', scale: 'io.weight', want: [{ device: '/dev/vda', value: 4950 }] });
    });

    it('compares iops caps', () => {
      const caps = capsWith({ deviceWriteIops: [{ path: '/dev/vda', iops: 100 }] });
      const check = only(verifyCaps(caps, applied({ deviceWriteIops: [{ major: 254, minor: 0, value: 200 }] }), { devices }));
      expect(check).toMatchObject({ field: 'deviceWriteIops', status: 'drift' });
    });
  });
});
