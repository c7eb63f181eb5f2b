// Turning cumulative counters into the averages telemetry sends. CPU time only ever grows
// within one cgroup or one boot, so two readings give the average use between them.

/** A cumulative CPU-time counter read at one moment. */
export interface CpuTimeReading {
  /** When it was read, in ms since the epoch. */
  readonly atMs: number;
  /** CPU time used so far, in ns. */
  readonly cpuNs: number;
}

/**
 * Average CPU use between two readings of one counter, in nano-CPUs (1e9: one CPU busy all
 * the time). A counter that went back belongs to a new cgroup (Docker restarted the
 * container under the same id), so all it shows was used since `before`.
 */
export function averageNanoCpus(before: CpuTimeReading, after: CpuTimeReading): number {
  const elapsedMs = after.atMs - before.atMs;
  if (elapsedMs <= 0) return 0;
  const usedNs = after.cpuNs >= before.cpuNs ? after.cpuNs - before.cpuNs : after.cpuNs;
  // One CPU gives 1e6 ns of CPU time per ms of wall time: ns/ms × 1e3 is nano-CPUs.
  return Math.round((usedNs / elapsedMs) * 1_000);
}

/** The host's CPU time from the `cpu` line of /proc/stat, in clock ticks summed over all CPUs. */
export interface HostCpuTimes {
  /** Ticks spent on anything but idle and I/O wait. */
  readonly busyTicks: number;
  /** All ticks, idle included. */
  readonly totalTicks: number;
  /** CPUs online (the `cpuN` lines). */
  readonly cpuCount: number;
}

/** The counters at boot: the first sample of a gateway averages over its uptime. */
export function bootCpuTimes(cpuCount: number): HostCpuTimes {
  return { busyTicks: 0, totalTicks: 0, cpuCount };
}

/**
 * Average CPU use of the whole host between two /proc/stat readings, in nano-CPUs. The busy
 * share of all ticks times the CPU count needs no USER_HZ, which differs between kernels.
 */
export function hostNanoCpus(before: HostCpuTimes, after: HostCpuTimes): number {
  const totalTicks = after.totalTicks - before.totalTicks;
  const busyTicks = after.busyTicks - before.busyTicks;
  if (totalTicks <= 0 || busyTicks <= 0) return 0;
  return Math.round((Math.min(busyTicks, totalTicks) / totalTicks) * after.cpuCount * 1e9);
}
