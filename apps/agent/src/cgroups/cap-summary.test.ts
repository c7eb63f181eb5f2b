import { describe, expect, it } from 'vitest';
import { describeCheck, formatBytes, summarizeChecks } from './cap-summary.js';
import { MiB } from './fixtures/fixture-fs.js';
import type { CapCheck } from './verify.js';

const ok: CapCheck = { field: 'pidsLimit', want: 50, got: 50, status: 'ok', detail: 'compared exactly' };
const drift: CapCheck = { field: 'memoryBytes', want: 64 * MiB, got: 128 * MiB, status: 'drift', detail: 'compared in whole 4096-byte pages' };
const notVerifiable: CapCheck = {
  field: 'blkioWeight',
  want: 500,
  got: null,
  status: 'unsupported',
  detail: 'none of blkio.weight, blkio.bfq.weight exists',
};

describe('describeCheck', () => {
  const cases: [CapCheck, string][] = [
    [drift, 'memoryBytes: want 64 MiB, kernel enforces 128 MiB (drift)'],
    [ok, 'pidsLimit: want 50 pids, kernel enforces 50 pids (ok)'],
    [notVerifiable, 'blkioWeight: want weight 500, cannot verify: none of blkio.weight, blkio.bfq.weight exists (unsupported)'],
    [{ ...drift, got: null, detail: 'the kernel enforces no limit' }, 'memoryBytes: want 64 MiB, kernel enforces no limit (drift)'],
    [{ field: 'nanoCpus', want: 0.2e9, got: 0.2e9, status: 'ok', detail: '' }, 'nanoCpus: want 0.2 CPU, kernel enforces 0.2 CPU (ok)'],
    [{ field: 'memorySwapBytes', want: -1, got: null, status: 'ok', detail: '' }, 'memorySwapBytes: want unlimited, kernel enforces no limit (ok)'],
    [{ field: 'cpusetCpus', want: '0', got: '0-3', status: 'drift', detail: '' }, 'cpusetCpus: want cpus 0, kernel enforces cpus 0-3 (drift)'],
    [
      { field: 'cpuShares', want: 20, got: 39, status: 'drift', detail: '', scale: 'cpu.weight' },
      'cpuShares: want cpu.weight 20, kernel enforces cpu.weight 39 (drift)',
    ],
    [
      { field: 'deviceReadBps', want: [{ device: '/dev/vda', value: MiB }], got: [], status: 'drift', detail: '' },
      'deviceReadBps: want /dev/vda 1 MiB/s, kernel enforces no device caps (drift)',
    ],
  ];

  it.each(cases.map(([check, line]) => ({ check, line })))('writes $line', ({ check, line }) => {
    expect(describeCheck(check)).toBe(line);
  });
});

describe('summarizeChecks', () => {
  it('is verified only when every check is ok', () => {
    expect(summarizeChecks([ok])).toMatchObject({ isVerified: true, hasDrift: false });
    expect(summarizeChecks([ok, notVerifiable])).toMatchObject({ isVerified: false, hasDrift: false });
    expect(summarizeChecks([ok, drift, notVerifiable])).toMatchObject({ isVerified: false, hasDrift: true });
  });

  it('gives one line per check', () => {
    expect(summarizeChecks([ok, drift]).lines).toHaveLength(2);
  });
});

describe('formatBytes', () => {
  it.each([
    [64 * MiB, '64 MiB'],
    [2 ** 30, '1 GiB'],
    [64 * MiB - 4096, '65532 KiB'],
    [1000, '1000 bytes'],
  ])('writes %i as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
