// How a set of per-gateway delays is summarised: how many, p50, p99, and the last one.
import { percentile } from '../../controller/lib/report.js';

export interface Spread {
  /** Gateways that got there. */
  count: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  /** The last gateway's delay; undefined unless every gateway got there. */
  maxMs: number | undefined;
}

/** Summarises `delaysMs` (one per gateway that got there) out of `gateways`. */
export function spreadOf(delaysMs: readonly number[], gateways: number): Spread {
  if (delaysMs.length === 0) return { count: 0, p50Ms: undefined, p99Ms: undefined, maxMs: undefined };
  return {
    count: delaysMs.length,
    p50Ms: percentile(delaysMs, 50),
    p99Ms: percentile(delaysMs, 99),
    maxMs: delaysMs.length >= gateways ? Math.max(...delaysMs) : undefined,
  };
}
