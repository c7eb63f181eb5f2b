// The OCI runtimes' conversions from Docker's weight scales to cgroup v2's 1-10000 scale.
// They lose precision, so a v2 weight cannot be turned back into shares exactly:
// verification converts the desired value and compares in weight space.

/**
 * cpu.shares (2-262144) to cpu.weight (1-10000) as runc up to 1.3.1 does it:
 * `1 + ((shares - 2) * 9999) / 262142`, integer division. It maps Docker's default 1024 to 39.
 */
export function cpuSharesToWeight(shares: number): number {
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/**
 * cpu.shares to cpu.weight as runc 1.3.2+ and crun 1.23+ do it (opencontainers/cgroups#20):
 * `ceil(10^((L² + 125L)/612 - 7/34))` with L = log2(shares), so 1024 maps to v2's default 100.
 */
export function cpuSharesToWeightQuadratic(shares: number): number {
  if (shares <= 2) return 1;
  if (shares >= 262144) return 10000;
  const l = Math.log2(shares);
  return Math.ceil(10 ** ((l * l + 125 * l) / 612 - 7 / 34));
}

/** Block-I/O weight (10-1000) to io.weight (1-10000) as runc does it: `1 + ((weight - 10) * 9999) / 990`. */
export function blkioWeightToIoWeight(weight: number): number {
  return 1 + Math.floor(((weight - 10) * 9999) / 990);
}
