import type { DeploymentTarget } from './deployment-target.entity.js';
import type { Deployment } from './deployment.entity.js';
import type { DeploymentTotals } from './deployment-progress.js';
import type { DeploymentDetail, DeploymentView, TargetView } from './deployments.schemas.js';

export function toDeploymentView(deployment: Deployment, { totals, waves }: DeploymentTotals): DeploymentView {
  return {
    id: deployment.id,
    appId: deployment.appId,
    releaseId: deployment.releaseId,
    selector: deployment.selector,
    priority: deployment.priority,
    strategy: deployment.strategy,
    healthyWithinMs: deployment.healthyWithinMs,
    phase: deployment.phase,
    phaseReason: deployment.phaseReason,
    currentWave: deployment.currentWave,
    waveCount: waves.at(-1)?.wave ?? 0,
    total: Object.values(totals).reduce((sum, count) => sum + count, 0),
    totals,
    createdAt: deployment.createdAt.toISOString(),
    updatedAt: deployment.updatedAt.toISOString(),
  };
}

export function toDeploymentDetail(deployment: Deployment, totals: DeploymentTotals): DeploymentDetail {
  return { ...toDeploymentView(deployment, totals), waves: totals.waves };
}

export function toTargetView(target: DeploymentTarget): TargetView {
  return {
    deviceId: target.deviceId,
    wave: target.wave,
    status: target.status,
    desiredVersion: target.desiredVersion,
    reason: target.reason,
    updatedAt: target.updatedAt.toISOString(),
  };
}
