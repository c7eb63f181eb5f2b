import type { CgroupCapField } from './applied-caps.js';
import type { CapCheck, CapValue } from './verify.js';

/** The verdict over a set of checks, with one plain line per check for logs and reports. */
export interface CapSummary {
  /** Every check is `ok`: the kernel provably enforces every cap. */
  readonly isVerified: boolean;
  /** At least one check is `drift`: the kernel enforces something else. */
  readonly hasDrift: boolean;
  /** E.g. `memoryBytes: want 64 MiB, kernel enforces 128 MiB (drift)`. */
  readonly lines: readonly string[];
}

/** Summarizes the checks of one container. */
export function summarizeChecks(checks: readonly CapCheck[]): CapSummary {
  return {
    isVerified: checks.every((check) => check.status === 'ok'),
    hasDrift: checks.some((check) => check.status === 'drift'),
    lines: checks.map(describeCheck),
  };
}

/** One line for one check. */
export function describeCheck(check: CapCheck): string {
  const want = formatValue(check, check.want);
  if (check.status === 'unsupported') return `${check.field}: want ${want}, cannot verify: ${check.detail} (unsupported)`;
  const got = check.got === null ? 'no limit' : formatValue(check, check.got);
  return `${check.field}: want ${want}, kernel enforces ${got} (${check.status})`;
}

const BYTE_FIELDS: ReadonlySet<CgroupCapField> = new Set(['memoryBytes', 'memoryReservationBytes', 'memorySwapBytes']);

function formatValue(check: CapCheck, value: CapValue): string {
  if (typeof value === 'string') return `cpus ${value}`;
  if (typeof value === 'number') return formatNumber(check, value);
  if (value.length === 0) return 'no device caps';
  return value.map((cap) => `${cap.device} ${formatNumber(check, cap.value)}`).join(', ');
}

function formatNumber(check: CapCheck, value: number): string {
  if (check.scale !== undefined) return `${check.scale} ${value}`;
  if (BYTE_FIELDS.has(check.field)) return value === -1 ? 'unlimited' : formatBytes(value);
  switch (check.field) {
    case 'nanoCpus':
      return `${Number((value / 1e9).toFixed(3))} CPU`;
    case 'cpuShares':
      return `${value} shares`;
    case 'pidsLimit':
      return `${value} pids`;
    case 'deviceReadBps':
    case 'deviceWriteBps':
      return `${formatBytes(value)}/s`;
    case 'deviceReadIops':
    case 'deviceWriteIops':
      return `${value} iops`;
    default:
      return `weight ${value}`;
  }
}

/** Bytes in the largest binary unit that holds them exactly (`64 MiB`, `65532 KiB`, `1000 bytes`). */
export function formatBytes(bytes: number): string {
  const units = [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
