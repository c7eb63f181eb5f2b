import type { CurrentState, Logger, ManagedContainer } from '@gantry/agent-core';
import type { GatewayUsage, ServiceUsage, TelemetryBatch, TelemetrySample } from '@gantry/protocol';
import { isoTimestamp } from '@gantry/protocol/timestamp';
import { isUnsupported, type CgroupInspector, type CgroupReader, type IoBytes, type Unsupported } from '../cgroups/index.js';
import type { ContainerInit } from './container-init.js';
import type { HostReader } from './host-reader.js';
import { averageNanoCpus, bootCpuTimes, hostNanoCpus, type CpuTimeReading, type HostCpuTimes } from './rates.js';

// The protocol's bound on services in one sample.
const MAX_SERVICES = 256;
const NO_IO: IoBytes = { readBytes: 0, writeBytes: 0 };

/** What a {@link TelemetrySampler} reads from and hands its samples to. */
export interface TelemetrySamplerOptions {
  /** One sample this often. */
  intervalMs: number;
  inspector: CgroupInspector;
  /** A container's init (Docker inspect), or `undefined` when it does not run. */
  inspectInit(containerId: string): Promise<ContainerInit | undefined>;
  host: HostReader;
  /** Takes each sample, as a batch of one (the sync session queues and sends it). */
  publish(batch: TelemetryBatch): void;
  log: Logger;
  /** Wall-clock ms; tests pin it. */
  now?: () => number;
}

/** A container being sampled: where its cgroup is, and its CPU counter at the last sample. */
interface Tracked {
  reader: CgroupReader;
  lastCpu: CpuTimeReading;
}

/**
 * Samples the resource use of the gateway and of each running managed container, every
 * interval, from cgroup and procfs files (no Docker stats stream: one costs a second per call).
 * CPU is the average since the previous sample; the first sample of a container averages
 * since it started, the first of the gateway since boot. Containers come from the
 * supervisor's reconciles ({@link observe}), so sampling asks Docker nothing but where a new
 * container's cgroup is.
 */
export class TelemetrySampler {
  private running: readonly ManagedContainer[] = [];
  private readonly tracked = new Map<string, Tracked>();
  private hostCpu: HostCpuTimes | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  // Fields the kernel cannot show are sent as 0; say so once per field, not every minute.
  private readonly warned = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: TelemetrySamplerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The supervisor's latest view of the containers. */
  observe(current: CurrentState): void {
    this.running = current.containers.filter((container) => container.state === 'running');
  }

  /** Samples every interval until {@link stop}. */
  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.options.intervalMs);
  }

  /** Stops sampling and waits for a sample in flight, so nothing is published after. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** Reads everything once. */
  async sample(): Promise<TelemetrySample> {
    const ts = isoTimestamp(this.now());
    const gateway = await this.gatewayUsage();
    const services: ServiceUsage[] = [];
    for (const container of this.running.slice(0, MAX_SERVICES)) {
      const usage = await this.serviceUsage(container);
      if (usage) services.push(usage);
    }
    const ids = new Set(this.running.map((container) => container.id));
    for (const id of this.tracked.keys()) if (!ids.has(id)) this.tracked.delete(id);
    return { ts, gateway, services };
  }

  private tick(): void {
    // A sample slower than the interval (a stalled disk) is not stacked on.
    if (this.inFlight) return;
    this.inFlight = this.sample()
      .then((sample) => this.options.publish({ intervalMs: this.options.intervalMs, samples: [sample] }))
      .catch((error: unknown) => this.options.log.warn(`telemetry: cannot sample: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.inFlight = undefined));
  }

  private async gatewayUsage(): Promise<GatewayUsage> {
    const host = await this.options.host.read();
    const before = this.hostCpu ?? bootCpuTimes(host.cpu.cpuCount);
    this.hostCpu = host.cpu;
    return {
      cpuNanoCpus: hostNanoCpus(before, host.cpu),
      memoryBytes: host.memoryBytes,
      pids: host.pids,
      blkio: host.blkio,
      memoryTotalBytes: host.memoryTotalBytes,
      storageFreeBytes: host.storageFreeBytes,
    };
  }

  private async serviceUsage(container: ManagedContainer): Promise<ServiceUsage | undefined> {
    const tracked = this.tracked.get(container.id) ?? (await this.track(container));
    if (!tracked) return undefined;
    const { reader } = tracked;
    const atMs = this.now();
    const [cpuNs, memoryBytes, pids, blkio, memoryLimitBytes] = await Promise.all([
      reader.cpuUsageNs(),
      reader.memoryWorkingSetBytes(),
      reader.pidsCurrent(),
      reader.ioBytes(),
      reader.memoryLimitBytes(),
    ]);
    if (isUnsupported(memoryBytes)) {
      // Its cgroup is gone (the container stopped since the last reconcile): find it afresh next time.
      this.tracked.delete(container.id);
      return undefined;
    }
    const cpu = { atMs, cpuNs: this.orZero('cpu', cpuNs, 0) };
    const cpuNanoCpus = averageNanoCpus(tracked.lastCpu, cpu);
    tracked.lastCpu = cpu;
    return {
      app: container.appId,
      service: container.service,
      cpuNanoCpus,
      memoryBytes,
      pids: this.orZero('pids', pids, 0),
      blkio: this.orZero('blkio', blkio, NO_IO),
      memoryLimitBytes: isUnsupported(memoryLimitBytes) ? null : memoryLimitBytes,
    };
  }

  private async track(container: ManagedContainer): Promise<Tracked | undefined> {
    try {
      const init = await this.options.inspectInit(container.id);
      if (!init) return undefined;
      const reader = await this.options.inspector.forPid(init.pid);
      const startedAtMs = Number.isFinite(init.startedAtMs) ? init.startedAtMs : this.now();
      // A cgroup's counters start at zero when the container starts.
      const tracked = { reader, lastCpu: { atMs: startedAtMs, cpuNs: 0 } };
      this.tracked.set(container.id, tracked);
      return tracked;
    } catch (error) {
      this.warnOnce('cgroup', `telemetry leaves out ${container.appId}/${container.service}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private orZero<T>(field: string, value: T | Unsupported, zero: T): T {
    if (!isUnsupported(value)) return value;
    this.warnOnce(field, `telemetry sends ${field} as 0: ${value.reason}`);
    return zero;
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.log.warn(message);
  }
}
