import { LABELS, type ManagedContainer, type UpdatableCaps } from '@gantry/agent-core';
import type { ServiceSpec } from '@gantry/app-spec';
import type { Health, ServiceState } from '@gantry/protocol';

/** The value of `io.gantry.managed` on a gateway that runs one agent, as the Docker runtime writes it. */
export const MANAGED_INSTANCE = 'default';

/**
 * One simulated container: what `docker inspect` would show, plus what the simulation
 * needs to carry a run forward. Kept flat and small; ten thousand gateways hold many.
 */
export interface SimContainer {
  readonly id: string;
  readonly name: string;
  readonly appId: string;
  readonly service: string;
  readonly releaseId: string;
  readonly configHash: string;
  /** The image as the spec names it (Docker keeps the string it was created with). */
  readonly image: string;
  readonly spec: ServiceSpec;
  readonly createdAtMs: number;
  state: ServiceState;
  health: Health;
  exitCode: number | null;
  isOomKilled: boolean;
  restartCount: number;
  caps: UpdatableCaps;
  startedAtMs: number;
  finishedAtMs: number;
  /** Process starts over the container's life (crash behaviours count runs). */
  runs: number;
  /** The restart manager's last delay (0: none yet). */
  restartDelayMs: number;
  isManuallyStopped: boolean;
  /** Bumped when a process starts or ends: tasks scheduled for an earlier run see it and do nothing. */
  generation: number;
  /** Memory this run grows to, and over how long. */
  memoryPeakBytes: number;
  memoryRampMs: number;
}

/** The container as the Docker runtime's `readCurrent` reports it. */
export function toManagedContainer(c: SimContainer): ManagedContainer {
  return {
    id: c.id,
    name: c.name,
    appId: c.appId,
    service: c.service,
    releaseId: c.releaseId,
    configHash: c.configHash,
    image: c.image,
    state: c.state,
    health: c.health,
    // Docker's ExitCode is only meaningful once the container has stopped.
    exitCode: c.state === 'exited' || c.state === 'dead' ? c.exitCode : null,
    restartCount: c.restartCount,
    caps: { ...c.caps },
  };
}

/** The container's labels as the Docker runtime sets them: the spec's, then Gantry's (which win). */
export function containerLabels(c: SimContainer): Record<string, string> {
  return {
    ...c.spec.labels,
    [LABELS.managed]: MANAGED_INSTANCE,
    [LABELS.app]: c.appId,
    [LABELS.service]: c.service,
    [LABELS.release]: c.releaseId,
    [LABELS.configHash]: c.configHash,
  };
}

/** Memory the run uses `sinceStartMs` into it: a linear climb to the peak. */
export function memoryUsage(c: SimContainer, sinceStartMs: number): number {
  if (c.memoryRampMs <= 0) return c.memoryPeakBytes;
  return c.memoryPeakBytes * Math.min(1, Math.max(0, sinceStartMs) / c.memoryRampMs);
}

/** When, after start, the run's memory reaches `limitBytes` (Infinity if it never does). */
export function oomAfterMs(c: SimContainer, limitBytes: number | null): number {
  if (limitBytes === null || c.memoryPeakBytes <= limitBytes) return Number.POSITIVE_INFINITY;
  return Math.ceil((c.memoryRampMs * limitBytes) / c.memoryPeakBytes);
}

/**
 * Caps as Docker holds them: memory+swap is twice the memory when the spec leaves it
 * unset, and a `docker update` leaves unset caps as they were (see the Docker runtime's
 * `capsUpdate`).
 */
export function appliedCaps(previous: UpdatableCaps, next: UpdatableCaps): UpdatableCaps {
  return {
    memoryBytes: next.memoryBytes ?? previous.memoryBytes,
    memoryReservationBytes: next.memoryReservationBytes ?? previous.memoryReservationBytes,
    memorySwapBytes: next.memorySwapBytes ?? (next.memoryBytes !== null ? 2 * next.memoryBytes : previous.memorySwapBytes),
    nanoCpus: next.nanoCpus ?? previous.nanoCpus,
    cpuShares: next.cpuShares ?? previous.cpuShares,
    cpusetCpus: next.cpusetCpus ?? previous.cpusetCpus,
    pidsLimit: next.pidsLimit ?? previous.pidsLimit,
    blkioWeight: next.blkioWeight ?? previous.blkioWeight,
  };
}
