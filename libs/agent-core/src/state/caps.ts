import type { ResourceCaps } from '@gantry/app-spec';

/**
 * The caps Docker can change on a running container (`docker update`), so changing
 * their value needs no restart. Adding or removing one, or changing any other cap,
 * needs a new container.
 */
export const UPDATABLE_CAPS = [
  'memoryBytes',
  'memoryReservationBytes',
  'memorySwapBytes',
  'nanoCpus',
  'cpuShares',
  'cpusetCpus',
  'pidsLimit',
  'blkioWeight',
] as const satisfies readonly (keyof ResourceCaps)[];

/** One of the caps Docker updates in place. */
export type UpdatableCap = (typeof UPDATABLE_CAPS)[number];

/** The in-place-updatable subset of a service's caps. */
export type UpdatableCaps = Pick<ResourceCaps, UpdatableCap>;

/** A container with none of the in-place caps set. */
export const NO_UPDATABLE_CAPS: UpdatableCaps = Object.freeze({
  memoryBytes: null,
  memoryReservationBytes: null,
  memorySwapBytes: null,
  nanoCpus: null,
  cpuShares: null,
  cpusetCpus: null,
  pidsLimit: null,
  blkioWeight: null,
});

/** Picks the in-place-updatable caps out of a full set. */
export function updatableCaps(caps: ResourceCaps): UpdatableCaps {
  return {
    memoryBytes: caps.memoryBytes,
    memoryReservationBytes: caps.memoryReservationBytes,
    memorySwapBytes: caps.memorySwapBytes,
    nanoCpus: caps.nanoCpus,
    cpuShares: caps.cpuShares,
    cpusetCpus: caps.cpusetCpus,
    pidsLimit: caps.pidsLimit,
    blkioWeight: caps.blkioWeight,
  };
}

/**
 * The caps the target sets whose value differs from what the container has now. A cap
 * the target leaves unset is not compared: Docker fills some in itself (memory+swap
 * defaults to twice the memory limit).
 */
export function capsDiff(want: UpdatableCaps, have: UpdatableCaps): UpdatableCap[] {
  return UPDATABLE_CAPS.filter((cap) => want[cap] !== null && want[cap] !== have[cap]);
}
