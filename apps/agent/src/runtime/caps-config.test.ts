import { NO_UPDATABLE_CAPS, type UpdatableCaps } from '@gantry/agent-core';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { capsFromHostConfig, capsUpdate, type CapsUpdate } from './caps-config.js';

const MiB = 1024 * 1024;

describe('capsUpdate', () => {
  const cases: { name: string; caps: Partial<UpdatableCaps>; expected: CapsUpdate }[] = [
    { name: 'nothing for no caps', caps: {}, expected: {} },
    {
      name: 'memory without memory+swap sends twice the memory, as Docker does at create',
      caps: { memoryBytes: 128 * MiB },
      expected: { Memory: 128 * MiB, MemorySwap: 256 * MiB },
    },
    { name: 'an explicit memory+swap as given', caps: { memoryBytes: 128 * MiB, memorySwapBytes: 128 * MiB }, expected: { Memory: 128 * MiB, MemorySwap: 128 * MiB } },
    { name: 'unlimited swap as -1', caps: { memoryBytes: 128 * MiB, memorySwapBytes: -1 }, expected: { Memory: 128 * MiB, MemorySwap: -1 } },
    {
      name: 'every cap',
      caps: { memoryReservationBytes: 64 * MiB, nanoCpus: 5e8, cpuShares: 256, cpusetCpus: '1', pidsLimit: 20, blkioWeight: 100 },
      expected: { MemoryReservation: 64 * MiB, NanoCpus: 5e8, CpuShares: 256, CpusetCpus: '1', PidsLimit: 20, BlkioWeight: 100 },
    },
  ];
  it.each(cases)('$name', ({ caps, expected }) => {
    expect(capsUpdate({ ...NO_UPDATABLE_CAPS, ...caps })).toEqual(expected);
  });
});

describe('capsFromHostConfig', () => {
  const cases: { name: string; host: Docker.HostConfig; expected: Partial<UpdatableCaps> }[] = [
    {
      name: 'zeros, empty cpuset and null pids limit are "not capped"',
      host: { Memory: 0, MemoryReservation: 0, MemorySwap: 0, NanoCpus: 0, CpuShares: 0, CpusetCpus: '', BlkioWeight: 0 },
      expected: {},
    },
    { name: 'pids limit 0 and -1 are unlimited', host: { PidsLimit: -1 }, expected: {} },
    {
      name: 'memory+swap as Docker holds it',
      host: { Memory: 64 * MiB, MemorySwap: 128 * MiB },
      expected: { memoryBytes: 64 * MiB, memorySwapBytes: 128 * MiB },
    },
    { name: 'unlimited swap stays -1', host: { Memory: 64 * MiB, MemorySwap: -1 }, expected: { memoryBytes: 64 * MiB, memorySwapBytes: -1 } },
    {
      name: 'every cap',
      host: { MemoryReservation: 32 * MiB, NanoCpus: 1e9, CpuShares: 512, CpusetCpus: '0-1', PidsLimit: 50, BlkioWeight: 500 },
      expected: { memoryReservationBytes: 32 * MiB, nanoCpus: 1e9, cpuShares: 512, cpusetCpus: '0-1', pidsLimit: 50, blkioWeight: 500 },
    },
  ];
  it.each(cases)('$name', ({ host, expected }) => {
    expect(capsFromHostConfig(host)).toEqual({ ...NO_UPDATABLE_CAPS, ...expected });
  });

  it('reads back what capsUpdate writes', () => {
    const caps: UpdatableCaps = { ...NO_UPDATABLE_CAPS, memoryBytes: 64 * MiB, memorySwapBytes: 96 * MiB, cpuShares: 100, pidsLimit: 7 };
    expect(capsFromHostConfig(capsUpdate(caps))).toEqual(caps);
  });
});
