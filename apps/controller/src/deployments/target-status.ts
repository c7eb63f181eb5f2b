import type { AppStatus, ReportedState } from '@gantry/protocol';
import type { TargetStatus } from './deployment-target.entity.js';

/** What a report is judged against: one gateway's row of one deployment. */
export interface TargetUnderReport {
  readonly appId: string;
  readonly releaseId: string;
  readonly status: TargetStatus;
  /** The first desired version that carried the release; null while none did. */
  readonly desiredVersion: number | null;
}

/** A status a report can lead to, with the gateway's reason when it went wrong. */
export interface DerivedStatus {
  readonly status: TargetStatus;
  readonly reason: string | null;
}

/**
 * Where a gateway is with a deployment, judged from its latest complete report. Rows not
 * in the gateway's target (`pending`, `superseded`) or never published are left as they
 * are (undefined). The judgement is live: a converged gateway that later degrades goes
 * back to `acked`, a failed one that recovers becomes `converged`.
 */
export function deriveTargetStatus(target: TargetUnderReport, reported: ReportedState): DerivedStatus | undefined {
  if (target.status === 'pending' || target.status === 'superseded' || target.desiredVersion === null) return undefined;
  const app = reported.apps[target.appId];
  const isOurs = app?.releaseId === target.releaseId;

  // The whole target was refused or failed: this release did not go in either.
  if ((reported.target.state === 'refused' || reported.target.state === 'failed') && reported.target.version >= target.desiredVersion) {
    return { status: 'failed', reason: reported.target.reason ?? `the gateway reports its target version ${reported.target.version} as ${reported.target.state}` };
  }
  if (app !== undefined && isOurs && app.state === 'failed') {
    return { status: 'failed', reason: serviceError(app) ?? `app ${target.appId} failed on release ${target.releaseId}` };
  }
  const hasStored = reported.ackedVersion >= target.desiredVersion;
  if (app !== undefined && app.state === 'rolled-back' && hasStored) {
    const back = app.releaseId === null ? 'nothing' : `release ${app.releaseId}`;
    return { status: 'rolled-back', reason: serviceError(app) ?? `the gateway went back to ${back}` };
  }
  // Every container must come from this release: during an update the app already names it
  // while the previous release's containers still run.
  const isFromRelease = app !== undefined && Object.values(app.services).every((service) => service.releaseId === target.releaseId);
  if (app !== undefined && isOurs && isFromRelease && isRunningHealthy(app)) return { status: 'converged', reason: null };
  return hasStored ? { status: 'acked', reason: null } : { status: 'targeted', reason: null };
}

/** Running as a whole, and every service running and healthy (or without a health check). */
export function isRunningHealthy(app: AppStatus): boolean {
  return (
    app.state === 'running' &&
    Object.values(app.services).every((service) => service.state === 'running' && (service.health === 'healthy' || service.health === 'none'))
  );
}

function serviceError(app: AppStatus): string | undefined {
  for (const [name, service] of Object.entries(app.services)) {
    if (service.lastError !== null) return `${name}: ${service.lastError.message}`;
  }
  return undefined;
}
