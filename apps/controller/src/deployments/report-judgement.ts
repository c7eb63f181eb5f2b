import type { ReportedState } from '@gantry/protocol';
import type { TargetStatus } from './deployment-target.entity.js';
import { deriveTargetStatus, type TargetUnderReport } from './target-status.js';

/** A gateway's complete report, as ingestion hands it over. */
export interface GatewayReport {
  readonly deviceId: string;
  readonly reported: ReportedState;
}

/** One gateway's row of one live deployment, with what it is judged against. */
export interface TrackedRow extends TargetUnderReport {
  readonly deploymentId: string;
  readonly deviceId: string;
  readonly reason: string | null;
}

/** A row's move, to be written only if the row still has the status it was judged from. */
export interface TargetMove {
  readonly deploymentId: string;
  readonly deviceId: string;
  readonly from: TargetStatus;
  readonly status: TargetStatus;
  readonly reason: string | null;
}

/**
 * Judges a batch of reports, in arrival order, against the rows of their gateways: the
 * moves each report makes, each from the status the row has after the reports before it
 * (a gateway may report twice in one batch). Rows a report leaves as they are give no move.
 */
export function judgeReports(rows: readonly TrackedRow[], reports: readonly GatewayReport[]): TargetMove[] {
  const byDevice = new Map<string, TrackedRow[]>();
  for (const row of rows) {
    const own = byDevice.get(row.deviceId) ?? [];
    own.push({ ...row });
    byDevice.set(row.deviceId, own);
  }
  const moves: TargetMove[] = [];
  for (const { deviceId, reported } of reports) {
    const current = byDevice.get(deviceId) ?? [];
    current.forEach((row, index) => {
      const derived = deriveTargetStatus(row, reported);
      if (derived === undefined || (derived.status === row.status && derived.reason === row.reason)) return;
      moves.push({ deploymentId: row.deploymentId, deviceId, from: row.status, ...derived });
      current[index] = { ...row, ...derived };
    });
  }
  return moves;
}
