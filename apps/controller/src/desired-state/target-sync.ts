import type { Deployment as FleetDeployment } from '@gantry/fleet';
import type { DeploymentTarget, TargetStatus } from '../deployments/deployment-target.entity.js';
import { isAdmitted, type Rollout } from './admission.js';

/** A write to one deployment's row for the gateway just compiled. */
export interface TargetChange {
  readonly deploymentId: string;
  readonly status?: TargetStatus;
  readonly desiredVersion?: number;
  readonly reason?: string | null;
}

export type SyncedRow = Pick<DeploymentTarget, 'deploymentId' | 'wave' | 'status' | 'desiredVersion'>;

/**
 * What compiling a gateway means for its admitted rows: the deployment that won its app
 * is in the target (a row it had lost becomes `targeted` again, and the row learns the
 * desired version that carries it); one that lost is `superseded`. Rows whose app no
 * deployment wins (the gateway stopped matching) are left for the rollout to remove.
 */
export function targetChanges(rows: Iterable<SyncedRow>, rollouts: ReadonlyMap<string, Rollout>, winners: ReadonlyMap<string, FleetDeployment>, version: number): TargetChange[] {
  const changes: TargetChange[] = [];
  for (const row of rows) {
    const rollout = rollouts.get(row.deploymentId);
    if (rollout === undefined || !isAdmitted(rollout, row)) continue;
    const winner = winners.get(rollout.deployment.appId);
    if (winner === undefined) continue;
    if (winner.id === row.deploymentId) {
      if (row.status === 'superseded') changes.push({ deploymentId: row.deploymentId, status: 'targeted', desiredVersion: version, reason: null });
      else if (row.desiredVersion === null) changes.push({ deploymentId: row.deploymentId, desiredVersion: version });
    } else if (row.status !== 'superseded') {
      const reason = `deployment ${winner.id} (release ${winner.releaseId}, priority ${winner.priority}) wins app ${winner.appId} on this gateway`;
      changes.push({ deploymentId: row.deploymentId, status: 'superseded', reason });
    }
  }
  return changes;
}
