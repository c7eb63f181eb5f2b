import type { ResourceCaps } from '@gantry/app-spec';
import type { AppliedCaps, CgroupCapField } from './applied-caps.js';
import { parseCpuList } from './file-formats.js';
import { deviceKey, type DeviceNumber } from './fs-port.js';
import { isUnsupported, type DeviceValue, type Reading, type Weight } from './reading.js';
import { blkioWeightToIoWeight, cpuSharesToWeight, cpuSharesToWeightQuadratic } from './weights.js';

/** The outcome of one field: the kernel enforces what was asked, something else, or cannot tell. */
export type CapStatus = 'ok' | 'drift' | 'unsupported';

/** One entry of a per-device cap; `device` is the desired path when known, else `major:minor`. */
export interface DeviceCap {
  readonly device: string;
  readonly value: number;
}

/** A cap's value as compared: a number, a cpu list, or per-device entries. */
export type CapValue = number | string | readonly DeviceCap[];

/** The verification of one capped field. */
export interface CapCheck {
  readonly field: CgroupCapField;
  /** What was asked, on the compared scale (see `scale`). */
  readonly want: CapValue;
  /** What the kernel enforces; `null` when it enforces no limit or cannot tell (`unsupported`). */
  readonly got: CapValue | null;
  readonly status: CapStatus;
  /** How the values were compared, or why the field cannot be verified. */
  readonly detail: string;
  /** Set when want/got are on cgroup v2's weight scale instead of the field's own: `cpu.weight` or `io.weight`. */
  readonly scale?: 'cpu.weight' | 'io.weight';
}

/** Options for {@link verifyCaps}. */
export interface VerifyOptions {
  /** The device numbers of the desired caps' device paths (CgroupInspector.resolveDevices). */
  readonly devices?: ReadonlyMap<string, DeviceNumber>;
  /** The kernel's page size, to which memory limits are rounded down. Defaults to 4096. */
  readonly pageSizeBytes?: number;
}

const BFQ_HINT =
  'BFQ weights act only on disks the bfq scheduler runs, and engines that look for blkio.weight (Docker 20.10) discard BlkioWeight without it';

// Docker sets NanoCpus as a quota in whole microseconds of a 100 ms period, truncating:
// one microsecond of quota is 10 000 nanoCpus.
const CFS_QUANTUM_NANO_CPUS = 10_000;

/**
 * Compares desired caps with what the kernel enforces: one {@link CapCheck} per capped
 * (non-null, non-empty) desired field, in the order of {@link ResourceCaps}. Ulimits and
 * nanoCpusReservation are not cgroup settings and get no entry: the caller verifies ulimits.
 */
export function verifyCaps(desired: ResourceCaps, applied: AppliedCaps, options: VerifyOptions = {}): CapCheck[] {
  const page = options.pageSizeBytes ?? 4096;
  const devices = options.devices ?? new Map<string, DeviceNumber>();
  const bps = (caps: ResourceCaps['deviceReadBps']) => caps.map((cap) => ({ path: cap.path, value: cap.bytesPerSecond }));
  const iops = (caps: ResourceCaps['deviceReadIops']) => caps.map((cap) => ({ path: cap.path, value: cap.iops }));

  const checks = [
    desired.memoryBytes === null ? undefined : compareBytes('memoryBytes', desired.memoryBytes, applied.memoryBytes, page),
    desired.memoryReservationBytes === null
      ? undefined
      : compareBytes('memoryReservationBytes', desired.memoryReservationBytes, applied.memoryReservationBytes, page),
    desired.memorySwapBytes === null ? undefined : compareSwap(desired.memorySwapBytes, applied.memorySwapBytes, page),
    desired.nanoCpus === null ? undefined : compareNanoCpus(desired.nanoCpus, applied.nanoCpus),
    desired.cpuShares === null ? undefined : compareCpuShares(desired.cpuShares, applied.cpuShares),
    desired.cpusetCpus === null ? undefined : compareCpuset(desired.cpusetCpus, applied.cpusetCpus),
    desired.pidsLimit === null ? undefined : compareExact('pidsLimit', desired.pidsLimit, applied.pidsLimit),
    desired.blkioWeight === null ? undefined : compareBlkioWeight(desired.blkioWeight, applied.blkioWeight),
    compareBlkioWeightDevice(desired, applied, devices),
    compareDevices('deviceReadBps', bps(desired.deviceReadBps), applied.deviceReadBps, devices, same),
    compareDevices('deviceWriteBps', bps(desired.deviceWriteBps), applied.deviceWriteBps, devices, same),
    compareDevices('deviceReadIops', iops(desired.deviceReadIops), applied.deviceReadIops, devices, same),
    compareDevices('deviceWriteIops', iops(desired.deviceWriteIops), applied.deviceWriteIops, devices, same),
  ];
  return checks.filter((check) => check !== undefined);
}

function unsupportedCheck(field: CgroupCapField, want: CapValue, reason: string): CapCheck {
  return { field, want, got: null, status: 'unsupported', detail: reason };
}

function compareBytes(field: CgroupCapField, want: number, got: Reading<number>, page: number): CapCheck {
  if (isUnsupported(got)) return unsupportedCheck(field, want, got.reason);
  if (got === null) return { field, want, got, status: 'drift', detail: 'the kernel enforces no limit' };
  // The kernel stores limits in whole pages, rounding down (page_counter_memparse).
  const isSame = Math.floor(want / page) === Math.floor(got / page);
  return { field, want, got, status: isSame ? 'ok' : 'drift', detail: `compared in whole ${page}-byte pages` };
}

function compareSwap(want: number, got: Reading<number>, page: number): CapCheck {
  if (want !== -1) return compareBytes('memorySwapBytes', want, got, page);
  if (isUnsupported(got)) return unsupportedCheck('memorySwapBytes', want, got.reason);
  const isUnlimited = got === null;
  return {
    field: 'memorySwapBytes',
    want,
    got,
    status: isUnlimited ? 'ok' : 'drift',
    detail: isUnlimited ? 'swap is unlimited, as asked (-1)' : 'unlimited swap (-1) was asked, the kernel caps memory+swap',
  };
}

function compareNanoCpus(want: number, got: Reading<number>): CapCheck {
  if (isUnsupported(got)) return unsupportedCheck('nanoCpus', want, got.reason);
  if (got === null) return { field: 'nanoCpus', want, got, status: 'drift', detail: 'the kernel enforces no CFS quota' };
  const isSame = Math.abs(want - got) < CFS_QUANTUM_NANO_CPUS;
  return { field: 'nanoCpus', want, got, status: isSame ? 'ok' : 'drift', detail: 'CFS quota / period, within 1 µs of quota per 100 ms' };
}

function compareCpuShares(shares: number, got: Reading<Weight>): CapCheck {
  if (isUnsupported(got)) return unsupportedCheck('cpuShares', shares, got.reason);
  if (got === null || got.scale === 'docker') return compareExact('cpuShares', shares, got?.value ?? null);
  // Runtimes convert shares with one of two formulas; either one means the cap was applied.
  const linear = cpuSharesToWeight(shares);
  const quadratic = cpuSharesToWeightQuadratic(shares);
  const isSame = got.value === linear || got.value === quadratic;
  return {
    field: 'cpuShares',
    want: got.value === quadratic ? quadratic : linear,
    got: got.value,
    status: isSame ? 'ok' : 'drift',
    scale: 'cpu.weight',
    detail: `${shares} shares is cpu.weight ${linear} (runc up to 1.3.1) or ${quadratic} (runc 1.3.2+, crun 1.23+)`,
  };
}

function compareCpuset(want: string, got: Reading<string>): CapCheck {
  if (isUnsupported(got)) return unsupportedCheck('cpusetCpus', want, got.reason);
  if (got === null) return { field: 'cpusetCpus', want, got, status: 'drift', detail: "cpuset.cpus is empty: the cgroup inherits its parent's cpus" };
  const isSame = parseCpuList(want).join(',') === parseCpuList(got).join(',');
  return { field: 'cpusetCpus', want, got, status: isSame ? 'ok' : 'drift', detail: 'compared as sets of CPUs' };
}

function compareExact(field: CgroupCapField, want: number, got: Reading<number>): CapCheck {
  if (isUnsupported(got)) return unsupportedCheck(field, want, got.reason);
  if (got === null) return { field, want, got, status: 'drift', detail: 'the kernel enforces no limit' };
  return { field, want, got, status: want === got ? 'ok' : 'drift', detail: 'compared exactly' };
}

function compareBlkioWeight(weight: number, got: Reading<Weight>): CapCheck {
  if (isUnsupported(got)) return unsupportedCheck('blkioWeight', weight, got.reason);
  if (got === null) return compareExact('blkioWeight', weight, null);
  if (got.scale === 'docker') {
    const check = compareExact('blkioWeight', weight, got.value);
    // A default BFQ weight where another was asked is the usual sign of an engine that did not
    // apply it, rather than of a change: say so, since re-applying will not help.
    const hint = got.file.includes('bfq') && check.status === 'drift' ? `; ${BFQ_HINT}` : '';
    return { ...check, detail: `read from ${got.file}${hint}` };
  }
  const want = blkioWeightToIoWeight(weight);
  return {
    field: 'blkioWeight',
    want,
    got: got.value,
    status: got.value === want ? 'ok' : 'drift',
    scale: 'io.weight',
    detail: `block-I/O weight ${weight} is io.weight ${want} (runc's conversion)`,
  };
}

function compareBlkioWeightDevice(desired: ResourceCaps, applied: AppliedCaps, devices: ReadonlyMap<string, DeviceNumber>): CapCheck | undefined {
  const got = applied.blkioWeightDevice;
  const wanted = desired.blkioWeightDevice.map((cap) => ({ path: cap.path, value: cap.weight }));
  const isV2Scale = !isUnsupported(got) && got?.scale === 'v2';
  const entries = isUnsupported(got) ? got : (got?.devices ?? null);
  const check = compareDevices('blkioWeightDevice', wanted, entries, devices, isV2Scale ? blkioWeightToIoWeight : same);
  if (!check || !isV2Scale) return check;
  return { ...check, scale: 'io.weight', detail: `${check.detail}; weights converted to io.weight by runc's formula` };
}

function same(value: number): number {
  return value;
}

/** Compares per-device caps; the kernel's entries are matched to desired paths by device number. */
function compareDevices(
  field: CgroupCapField,
  wanted: readonly { path: string; value: number }[],
  got: Reading<readonly DeviceValue[]>,
  devices: ReadonlyMap<string, DeviceNumber>,
  toKernelScale: (value: number) => number,
): CapCheck | undefined {
  if (wanted.length === 0) return undefined;
  const want = wanted.map((cap) => ({ device: cap.path, value: toKernelScale(cap.value) }));
  if (isUnsupported(got)) return unsupportedCheck(field, want, got.reason);
  const unresolved = wanted.filter((cap) => !devices.has(cap.path)).map((cap) => cap.path);
  if (unresolved.length > 0) {
    return unsupportedCheck(field, want, `no device number for ${unresolved.join(', ')}: no such device on this host, or not in VerifyOptions.devices`);
  }
  const pathOf = new Map([...devices].map(([path, device]) => [deviceKey(device), path]));
  const entries = got ?? [];
  const drifted = wanted.filter((cap) => {
    const device = devices.get(cap.path);
    const entry = entries.find((candidate) => device && candidate.major === device.major && candidate.minor === device.minor);
    return entry?.value !== toKernelScale(cap.value);
  });
  return {
    field,
    want,
    got: entries.map((entry) => ({ device: pathOf.get(deviceKey(entry)) ?? deviceKey(entry), value: entry.value })),
    status: drifted.length === 0 ? 'ok' : 'drift',
    detail: drifted.length === 0 ? 'every device matches' : `differs on ${drifted.map((cap) => cap.path).join(', ')}`,
  };
}
