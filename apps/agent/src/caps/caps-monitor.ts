import type { ManagedContainer } from '@gantry/agent-core';
import type { ResourceCaps } from '@gantry/app-spec';
import type Docker from 'dockerode';
import { isUnsupported, summarizeChecks, type CapCheck, type CgroupInspector } from '../cgroups/index.js';
import { averageNanoCpus, type CpuTimeReading } from '../telemetry/rates.js';

/** What reading a container's cgroup files says, at one moment. */
export interface ContainerSample {
  containerId: string;
  at: number;
  verification: 'verified' | 'drift' | 'unsupported' | 'unverified';
  checks: CapCheck[];
  lines: string[];
  memoryBytes: number | null;
  /** CPU use over the last window of at least {@link MIN_CPU_WINDOW_MS}, in nano-CPUs; null until there is one. */
  cpuNanoCpus: number | null;
}

/**
 * The shortest window a CPU rate is measured over. CFS hands a capped container its quota once
 * per 100 ms period, so over a few milliseconds its use reads as nothing or as a whole CPU: a
 * sample closer than this to the start of the window (a `ps` right after the periodic check)
 * reports the rate of the last full window instead.
 */
export const MIN_CPU_WINDOW_MS = 300;

/** Where a container's CPU window started, and the rate of the window before it. */
interface CpuWindow {
  start: CpuTimeReading;
  nanoCpus: number | null;
}

/**
 * Proves caps by reading each running container's cgroup files (through its init
 * process), and samples memory and CPU use. CPU use is a rate, measured between samples of
 * the same container at least {@link MIN_CPU_WINDOW_MS} apart.
 */
export class CapsMonitor {
  private readonly previous = new Map<string, ContainerSample>();
  private readonly cpuWindows = new Map<string, CpuWindow>();

  constructor(
    private readonly docker: Docker,
    private readonly inspector: CgroupInspector,
  ) {}

  /** Samples one container against the caps its spec asks for. */
  async sample(container: ManagedContainer, caps: ResourceCaps | undefined): Promise<ContainerSample> {
    const at = Date.now();
    const unverified: ContainerSample = {
      containerId: container.id,
      at,
      verification: 'unverified',
      checks: [],
      lines: [],
      memoryBytes: null,
      cpuNanoCpus: null,
    };
    if (container.state !== 'running') return unverified;
    const pid = (await this.docker.getContainer(container.id).inspect()).State.Pid;
    if (!pid) return unverified;
    let reader;
    try {
      reader = await this.inspector.forPid(pid);
    } catch (error) {
      return { ...unverified, lines: [error instanceof Error ? error.message : String(error)] };
    }
    const checks = caps ? await reader.verify(caps) : [];
    const usage = await reader.readUsage();
    const summary = summarizeChecks(checks);
    const cpuNanoCpus = isUnsupported(usage.cpuUsageNs) ? null : this.cpuRate(container.id, { atMs: Date.now(), cpuNs: usage.cpuUsageNs });
    const sample: ContainerSample = {
      containerId: container.id,
      at,
      verification: summary.hasDrift ? 'drift' : checks.some((c) => c.status === 'unsupported') ? 'unsupported' : 'verified',
      checks,
      lines: [...summary.lines],
      memoryBytes: isUnsupported(usage.memoryUsageBytes) ? null : usage.memoryUsageBytes,
      cpuNanoCpus,
    };
    this.previous.set(container.id, sample);
    return sample;
  }

  /** The last sample of a container, if any. */
  last(containerId: string): ContainerSample | undefined {
    return this.previous.get(containerId);
  }

  /** Forgets containers that are gone. */
  retain(containerIds: ReadonlySet<string>): void {
    for (const id of this.previous.keys()) if (!containerIds.has(id)) this.previous.delete(id);
    for (const id of this.cpuWindows.keys()) if (!containerIds.has(id)) this.cpuWindows.delete(id);
  }

  /** The CPU rate of the window `reading` closes; a window too short keeps going. */
  private cpuRate(containerId: string, reading: CpuTimeReading): number | null {
    const window = this.cpuWindows.get(containerId);
    if (window !== undefined && reading.atMs - window.start.atMs < MIN_CPU_WINDOW_MS) return window.nanoCpus;
    const nanoCpus = window === undefined ? null : averageNanoCpus(window.start, reading);
    this.cpuWindows.set(containerId, { start: reading, nanoCpus });
    return nanoCpus;
  }
}
