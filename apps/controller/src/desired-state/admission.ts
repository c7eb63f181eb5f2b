import { InconsistentFleetError, parseSelector, type Deployment as FleetDeployment } from '@gantry/fleet';
import type { DeploymentTarget } from '../deployments/deployment-target.entity.js';
import type { Deployment, RolloutPhase } from '../deployments/deployment.entity.js';

/** A deployment as the compiler sees it, with where its rollout is. */
export interface Rollout {
  readonly deployment: FleetDeployment;
  readonly phase: RolloutPhase;
  readonly currentWave: number;
}

export type TargetRow = Pick<DeploymentTarget, 'deploymentId' | 'wave' | 'status'>;

/**
 * A stored deployment for the compiler. Paused and halted rollouts stay in force where
 * they were admitted (they only stop admitting more); a rolled-back one is withdrawn.
 */
export function toRollout(row: Deployment): Rollout {
  const parsed = parseSelector(row.selector);
  // The API parsed it before storing it: a refusal here means the row was changed behind our back.
  if (!parsed.ok) throw new InconsistentFleetError(`deployment ${row.id} has an unreadable selector: ${parsed.error.message}`);
  const deployment: FleetDeployment = {
    id: row.id,
    appId: row.appId,
    releaseId: row.releaseId,
    selector: parsed.selector,
    priority: row.priority,
    createdAt: row.createdAt,
    state: row.phase === 'rolled-back' ? 'rolled-back' : 'active',
    ...(row.healthyWithinMs === null ? {} : { healthyWithinMs: row.healthyWithinMs }),
  };
  return { deployment, phase: row.phase, currentWave: row.currentWave };
}

/** Whether the rollout has let this gateway's row in: its wave is admitted and the deployment not withdrawn. */
export function isAdmitted(rollout: Pick<Rollout, 'phase' | 'currentWave'>, target: Pick<TargetRow, 'wave' | 'status'>): boolean {
  return rollout.phase !== 'rolled-back' && target.status !== 'pending' && target.wave <= rollout.currentWave;
}

/**
 * The deployments that take part in one gateway's compile: those whose rollout admitted
 * its row. A deployment without a row for the gateway has not selected it (or not yet).
 */
export function admittedDeployments(targets: Iterable<TargetRow>, rollouts: ReadonlyMap<string, Rollout>): FleetDeployment[] {
  const admitted: FleetDeployment[] = [];
  for (const target of targets) {
    const rollout = rollouts.get(target.deploymentId);
    if (rollout !== undefined && isAdmitted(rollout, target)) admitted.push(rollout.deployment);
  }
  return admitted;
}
