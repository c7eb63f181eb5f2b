import type { CurrentState } from '@gantry/agent-core';
import type { ServiceUsage, TelemetrySample } from '@gantry/protocol';
import type { SimRuntime } from '../runtime/sim-runtime.js';

// A gateway of the fleet: what its `gateway` usage is measured against.
const GATEWAY_BASE_BYTES = 180 * 1024 * 1024;

/**
 * One telemetry sample of a simulated gateway: each running service's memory as the
 * simulated engine computes it (the ramp towards its drawn peak), against its cap.
 * CPU, pids and block I/O are not modelled and read as zero.
 */
export function telemetrySample(runtime: SimRuntime, current: CurrentState, nowMs: number, memoryTotalBytes: number): TelemetrySample {
  const services: ServiceUsage[] = [];
  for (const container of current.containers) {
    const memoryBytes = runtime.memoryUsageBytes(container.id);
    if (memoryBytes === null) continue;
    services.push({
      app: container.appId,
      service: container.service,
      cpuNanoCpus: 0,
      memoryBytes,
      pids: 1,
      blkio: { readBytes: 0, writeBytes: 0 },
      memoryLimitBytes: container.caps.memoryBytes ?? null,
    });
  }
  const used = services.reduce((sum, service) => sum + service.memoryBytes, GATEWAY_BASE_BYTES);
  return {
    ts: new Date(nowMs).toISOString(),
    gateway: { cpuNanoCpus: 0, memoryBytes: Math.min(used, memoryTotalBytes), pids: services.length + 40, blkio: { readBytes: 0, writeBytes: 0 }, memoryTotalBytes },
    services: services.slice(0, 256),
  };
}
