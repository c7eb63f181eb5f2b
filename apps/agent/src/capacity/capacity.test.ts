import { availableParallelism, totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { detectCapacity } from './capacity.js';

describe('detectCapacity', () => {
  it('takes the reserve off what the machine has', async () => {
    const { capacity, allocatable } = await detectCapacity({ memory: 256 * 1024 * 1024, cpus: 250_000_000, pids: 512 });
    expect(capacity.memoryBytes).toBe(totalmem());
    expect(capacity.nanoCpus).toBe(availableParallelism() * 1e9);
    expect(allocatable.memoryBytes).toBe(totalmem() - 256 * 1024 * 1024);
    expect(allocatable.nanoCpus).toBe(capacity.nanoCpus - 250_000_000);
    expect(allocatable.pids).toBe((capacity.pids ?? 0) - 512);
  });

  it('never hands out a negative amount when the reserve is larger than the machine', async () => {
    const { allocatable } = await detectCapacity({ memory: Number.MAX_SAFE_INTEGER, cpus: 1e15, pids: 1e9 });
    expect(allocatable).toEqual({ memoryBytes: 0, nanoCpus: 0, pids: 0 });
  });
});
