import type { ManagedContainer } from '@gantry/agent-core';
import type { ResourceCaps } from '@gantry/app-spec';
import type Docker from 'dockerode';
import { isUnsupported, summarizeChecks, type CapCheck, type CgroupInspector } from '../cgroups/index.js';

/** What reading a container's cgroup files says, at one moment. */
export interface ContainerSample {
  containerId: string;
  at: number;
  verification: 'verified' | 'drift' | 'unsupported' | 'unverified';
  checks: CapCheck[];
  lines: string[];
  memoryBytes: number | null;
  cpuUsageNs: number | null;
  /** CPU used since the previous sample, in nano-CPUs; null on the first. */
  cpuNanoCpus: number | null;
}

/**
 * Proves caps by reading each running container's cgroup files (through its init
 * process), and samples memory and CPU use. CPU use is a rate, so it is measured between
 * two samples of the same container.
 */
export class CapsMonitor {
  private readonly previous = new Map<string, ContainerSample>();

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
      cpuUsageNs: null,
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
    const cpuUsageNs = isUnsupported(usage.cpuUsageNs) ? null : usage.cpuUsageNs;
    const before = this.previous.get(container.id);
    // ns of CPU per ms of wall time, × 1000, is nano-CPUs (1e9 ns of CPU per second = one CPU).
    const cpuNanoCpus =
      before?.cpuUsageNs != null && cpuUsageNs !== null && at > before.at ? Math.max(0, ((cpuUsageNs - before.cpuUsageNs) / (at - before.at)) * 1e3) : null;
    const sample: ContainerSample = {
      containerId: container.id,
      at,
      verification: summary.hasDrift ? 'drift' : checks.some((c) => c.status === 'unsupported') ? 'unsupported' : 'verified',
      checks,
      lines: [...summary.lines],
      memoryBytes: isUnsupported(usage.memoryUsageBytes) ? null : usage.memoryUsageBytes,
      cpuUsageNs,
      cpuNanoCpus: cpuNanoCpus === null ? null : Math.round(cpuNanoCpus),
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
  }
}
