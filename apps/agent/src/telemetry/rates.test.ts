import { describe, expect, it } from 'vitest';
import { averageNanoCpus, bootCpuTimes, hostNanoCpus } from './rates.js';

describe('averageNanoCpus', () => {
  it.each([
    ['one CPU busy the whole second', { atMs: 0, cpuNs: 0 }, { atMs: 1_000, cpuNs: 1e9 }, 1e9],
    ['half a CPU over a minute', { atMs: 10_000, cpuNs: 5e9 }, { atMs: 70_000, cpuNs: 35e9 }, 0.5e9],
    ['two CPUs busy', { atMs: 0, cpuNs: 0 }, { atMs: 2_000, cpuNs: 4e9 }, 2e9],
    ['nothing used', { atMs: 0, cpuNs: 7e9 }, { atMs: 60_000, cpuNs: 7e9 }, 0],
    ['a quarter CPU, rounded to whole nano-CPUs', { atMs: 0, cpuNs: 0 }, { atMs: 3, cpuNs: 750_001 }, 250_000_333],
  ])('gives %s', (_, before, after, nanoCpus) => {
    expect(averageNanoCpus(before, after)).toBe(nanoCpus);
  });

  it('counts a counter that went back (a restarted container’s new cgroup) from zero', () => {
    expect(averageNanoCpus({ atMs: 0, cpuNs: 90e9 }, { atMs: 10_000, cpuNs: 2e9 })).toBe(0.2e9);
  });

  it('gives 0 when no time passed or the clock went back', () => {
    expect(averageNanoCpus({ atMs: 5_000, cpuNs: 0 }, { atMs: 5_000, cpuNs: 1e9 })).toBe(0);
    expect(averageNanoCpus({ atMs: 5_000, cpuNs: 0 }, { atMs: 4_000, cpuNs: 1e9 })).toBe(0);
  });
});

describe('hostNanoCpus', () => {
  it('scales the busy share of all ticks by the CPU count', () => {
    // 4 CPUs, 400 ticks in all, 100 busy: one CPU's worth.
    expect(hostNanoCpus({ busyTicks: 1_000, totalTicks: 10_000, cpuCount: 4 }, { busyTicks: 1_100, totalTicks: 10_400, cpuCount: 4 })).toBe(1e9);
  });

  it('averages since boot on the first sample', () => {
    expect(hostNanoCpus(bootCpuTimes(2), { busyTicks: 250, totalTicks: 1_000, cpuCount: 2 })).toBe(0.5e9);
  });

  it('gives 0 when no ticks passed or the counters went back', () => {
    const at = { busyTicks: 100, totalTicks: 1_000, cpuCount: 2 };
    expect(hostNanoCpus(at, at)).toBe(0);
    expect(hostNanoCpus(at, { busyTicks: 50, totalTicks: 1_100, cpuCount: 2 })).toBe(0);
  });
});
