import type { ManagedContainer } from '@gantry/agent-core';
import type Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CgroupInspector } from '../cgroups/index.js';
import { CONTAINER_PID, fixtureFs } from '../cgroups/fixtures/fixture-fs.js';
import { CapsMonitor, MIN_CPU_WINDOW_MS } from './caps-monitor.js';

// The cgroup files are the fixture tree's, with the CPU counter moved by the test; Docker
// only answers the pid (the monitor's Docker side is covered by the system tests).
const USAGE = '/sys/fs/cgroup/cpuacct/docker/4e15a2083b8f/cpuacct.usage';
const container = { id: 'c1', state: 'running' } as ManagedContainer;
const docker = { getContainer: () => ({ inspect: async () => ({ State: { Pid: CONTAINER_PID } }) }) } as unknown as Docker;

describe('CapsMonitor CPU rate', () => {
  const files: Record<string, string> = {};
  let usedNs = 0;
  let monitor: CapsMonitor;
  const sampleAfter = async (ms: number, cpuNs: number) => {
    vi.advanceTimersByTime(ms);
    usedNs += cpuNs;
    files[USAGE] = `${usedNs}\n`;
    return (await monitor.sample(container, undefined)).cpuNanoCpus;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-24T00:00:00Z') });
    usedNs = 1e9;
    monitor = new CapsMonitor(docker, new CgroupInspector(fixtureFs('hybrid', { files })));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the CPU used over the window between two samples', async () => {
    expect(await sampleAfter(0, 0)).toBeNull();
    expect(await sampleAfter(1_000, 200e6)).toBe(200_000_000);
  });

  it('keeps the last full window for a sample right after another, where a capped container may have had no turn', async () => {
    await sampleAfter(0, 0);
    expect(await sampleAfter(2_000, 400e6)).toBe(200_000_000);
    expect(await sampleAfter(5, 0)).toBe(200_000_000);
    // The short sample did not restart the window: the next one measures from the last full one.
    expect(await sampleAfter(MIN_CPU_WINDOW_MS, 60e6)).toBe(Math.round((60e6 / (MIN_CPU_WINDOW_MS + 5)) * 1e3));
  });

  it('has no rate until a window is long enough', async () => {
    await sampleAfter(0, 0);
    expect(await sampleAfter(MIN_CPU_WINDOW_MS - 1, 50e6)).toBeNull();
    expect(await sampleAfter(1, 10e6)).toBe(Math.round((60e6 / MIN_CPU_WINDOW_MS) * 1e3));
  });
});
