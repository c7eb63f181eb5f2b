// Resource caps ↔ Docker's HostConfig. Gantry's units are Docker's (bytes, nanoCpus), so
// the mapping is one to one; what needs care is "not capped": Gantry says null, Docker
// says 0, '' or -1 depending on the field, and fills MemorySwap in by itself.
import type { UpdatableCaps } from '@gantry/agent-core';
import type { ResourceCaps } from '@gantry/app-spec';
import type Docker from 'dockerode';

/** The HostConfig fields that carry a service's resource caps, for container create. */
export function capsHostConfig(caps: ResourceCaps): Docker.HostConfig {
  return {
    Memory: caps.memoryBytes ?? undefined,
    MemoryReservation: caps.memoryReservationBytes ?? undefined,
    // Left unset, Docker makes memory+swap twice the memory limit (when there is one).
    MemorySwap: caps.memorySwapBytes ?? undefined,
    NanoCpus: caps.nanoCpus ?? undefined,
    CpuShares: caps.cpuShares ?? undefined,
    CpusetCpus: caps.cpusetCpus ?? undefined,
    PidsLimit: caps.pidsLimit ?? undefined,
    BlkioWeight: caps.blkioWeight ?? undefined,
    BlkioWeightDevice: caps.blkioWeightDevice.map((d) => ({ Path: d.path, Weight: d.weight })),
    BlkioDeviceReadBps: caps.deviceReadBps.map((d) => ({ Path: d.path, Rate: d.bytesPerSecond })),
    BlkioDeviceWriteBps: caps.deviceWriteBps.map((d) => ({ Path: d.path, Rate: d.bytesPerSecond })),
    BlkioDeviceReadIOps: caps.deviceReadIops.map((d) => ({ Path: d.path, Rate: d.iops })),
    BlkioDeviceWriteIOps: caps.deviceWriteIops.map((d) => ({ Path: d.path, Rate: d.iops })),
    Ulimits: Object.entries(caps.ulimits)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, limit]) => ({ Name: name, Soft: limit.soft, Hard: limit.hard })),
  };
}

/** Body of a `docker update` call (POST /containers/{id}/update) setting these caps. */
export interface CapsUpdate {
  Memory?: number;
  MemoryReservation?: number;
  MemorySwap?: number;
  NanoCpus?: number;
  CpuShares?: number;
  CpusetCpus?: string;
  PidsLimit?: number;
  BlkioWeight?: number;
}

/**
 * The `docker update` body for new caps. Null caps are left out: adding or dropping a cap
 * recreates the container (the config hash counts which caps are set), so null here only
 * means "still not capped". When the memory limit is set and memory+swap is not, memory+swap
 * is sent as twice the memory, which is what Docker picks at create. Docker keeps the old
 * memory+swap otherwise and refuses to raise the memory past it ("Memory limit should be
 * smaller than already set memoryswap limit"); twice-the-memory also leaves an updated
 * container exactly as a fresh create of the same spec would be.
 */
export function capsUpdate(caps: UpdatableCaps): CapsUpdate {
  const body: CapsUpdate = {};
  if (caps.memoryBytes !== null) body.Memory = caps.memoryBytes;
  if (caps.memoryReservationBytes !== null) body.MemoryReservation = caps.memoryReservationBytes;
  if (caps.memorySwapBytes !== null) body.MemorySwap = caps.memorySwapBytes;
  else if (caps.memoryBytes !== null) body.MemorySwap = 2 * caps.memoryBytes;
  if (caps.nanoCpus !== null) body.NanoCpus = caps.nanoCpus;
  if (caps.cpuShares !== null) body.CpuShares = caps.cpuShares;
  if (caps.cpusetCpus !== null) body.CpusetCpus = caps.cpusetCpus;
  if (caps.pidsLimit !== null) body.PidsLimit = caps.pidsLimit;
  if (caps.blkioWeight !== null) body.BlkioWeight = caps.blkioWeight;
  return body;
}

/**
 * The updatable caps Docker holds for a container, read back from inspect's HostConfig.
 * 0 (and '' for cpusets, 0/-1/null for the pids limit) means not capped. Memory+swap is
 * reported as Docker holds it: twice the memory when the spec left it unset.
 */
export function capsFromHostConfig(host: Docker.HostConfig): UpdatableCaps {
  return {
    memoryBytes: positiveOrNull(host.Memory),
    memoryReservationBytes: positiveOrNull(host.MemoryReservation),
    memorySwapBytes: host.MemorySwap === -1 ? -1 : positiveOrNull(host.MemorySwap),
    nanoCpus: positiveOrNull(host.NanoCpus),
    cpuShares: positiveOrNull(host.CpuShares),
    cpusetCpus: host.CpusetCpus ? host.CpusetCpus : null,
    pidsLimit: positiveOrNull(host.PidsLimit),
    blkioWeight: positiveOrNull(host.BlkioWeight),
  };
}

function positiveOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}
