import { haltSummary, releaseVersion, type DeploymentDetail } from '@/api/deployments';
import { convergedPercent, effectiveTotal } from './progress-parts';
import { isConverged } from './rollout-state';
import { TotalsBar } from './totals-bar';

/** The whole rollout at a glance: one bar, the headline figure, and what the phase means now. */
export function RolloutStatus({ deployment }: { deployment: DeploymentDetail }) {
  const total = effectiveTotal(deployment.totals);
  const version = releaseVersion(deployment.releaseId);
  const failed = deployment.totals.failed + deployment.totals['rolled-back'];
  return (
    <section className="card deploy-status" aria-labelledby="rollout-progress">
      <div className="deploy-headline">
        <h2 id="rollout-progress">Progress</h2>
        <p>
          <strong className="deploy-figure">{convergedPercent(deployment.totals)}%</strong>{' '}
          <span className="muted">
            {deployment.totals.converged} of {total} gateway{total === 1 ? '' : 's'} converged
            {deployment.waveCount > 1 ? ` · wave ${deployment.currentWave} of ${deployment.waveCount}` : ''}
          </span>
        </p>
      </div>
      <TotalsBar totals={deployment.totals} label="Gateways of this deployment" />
      {isConverged(deployment) ? (
        <div className="banner deploy-converged" role="status">
          <strong>
            Converged: all {total} gateway{total === 1 ? '' : 's'} run {deployment.appId} release {version}.
          </strong>
        </div>
      ) : deployment.phase === 'halted' ? (
        <div className="banner banner-error" role="status">
          <strong>Halted on the failure threshold.</strong>
          <p>{deployment.phaseReason === null ? 'A wave failed beyond its threshold; no further waves start.' : haltSummary(deployment.phaseReason)}</p>
          <p>Roll back to withdraw the release, or resume to start the next wave anyway.</p>
        </div>
      ) : deployment.phase === 'paused' ? (
        <div className="banner banner-warn" role="status">
          <strong>Paused.</strong> No new wave starts; gateways already reached keep the release. Resume to go on.
        </div>
      ) : deployment.phase === 'rolled-back' ? (
        <div className="banner banner-info" role="status">
          <strong>Rolled back.</strong> Its gateways went back to what else wins for {deployment.appId}, or dropped the app.
          {deployment.phaseReason === null ? null : <p className="muted">{deployment.phaseReason}</p>}
        </div>
      ) : deployment.phase === 'complete' && failed > 0 ? (
        <div className="banner banner-warn" role="status">
          <strong>
            Every wave started, but {failed} gateway{failed === 1 ? '' : 's'} failed or rolled back.
          </strong>{' '}
          Filter the gateways by status to see why.
        </div>
      ) : total === 0 ? (
        <div className="banner banner-info" role="status">
          No gateway matches yet; gateways enrolled later with matching labels get {version} as they join.
        </div>
      ) : null}
    </section>
  );
}
