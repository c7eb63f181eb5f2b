// What the readers return. A field the kernel cannot show is an explicit Unsupported with the
// reason, never silently dropped: a cap the agent cannot prove is different from one that holds.

/** Why a value could not be read: the kernel, its configuration or the mounts lack it. */
export interface Unsupported {
  readonly kind: 'unsupported';
  /** What is missing, e.g. `/sys/fs/cgroup/memory/docker/<id>/memory.memsw.limit_in_bytes is missing`. */
  readonly reason: string;
}

/** What the kernel holds for one field: a value, `null` for "not capped", or {@link Unsupported}. */
export type Reading<T> = T | null | Unsupported;

/** Builds an {@link Unsupported} marker. */
export function unsupported(reason: string): Unsupported {
  return { kind: 'unsupported', reason };
}

/** True when a reading is the {@link Unsupported} marker. */
export function isUnsupported<T>(reading: Reading<T> | Unsupported): reading is Unsupported {
  return typeof reading === 'object' && reading !== null && 'kind' in reading && reading.kind === 'unsupported';
}

/**
 * A relative weight as the kernel holds it. `docker` is Docker's own scale (cpu.shares 2-262144,
 * blkio weight 10-1000, also used by BFQ's files); `v2` is cgroup v2's 1-10000 scale
 * (cpu.weight, io.weight), which runc reaches by a lossy conversion.
 */
export interface Weight {
  readonly scale: 'docker' | 'v2';
  readonly value: number;
  /** The file it was read from, e.g. `blkio.bfq.weight`: BFQ's weights act only where BFQ schedules. */
  readonly file: string;
}

/** One per-device entry of a cgroup file, e.g. `8:0 1048576`. */
export interface DeviceValue {
  readonly major: number;
  readonly minor: number;
  readonly value: number;
}

/** Per-device weights and the scale they are on (see {@link Weight}). */
export interface DeviceWeights {
  readonly scale: Weight['scale'];
  readonly devices: readonly DeviceValue[];
}

/** Bytes read from and written to block devices, summed over devices, cumulative since the cgroup was made. */
export interface IoBytes {
  readonly readBytes: number;
  readonly writeBytes: number;
}
