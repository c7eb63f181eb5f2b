import Link from 'next/link';
import { releaseVersion, type DeploymentView } from '@/api/deployments';
import { absoluteTime, relativeTime } from '@/lib/format';
import { PhaseBadge } from './phase-badge';
import { effectiveTotal } from './progress-parts';
import { describeStrategy } from './strategy-form';
import { TotalsTrack } from './totals-bar';

/** Deployments, newest first: what went where, how, and how far it got. */
export function DeploymentsTable({ items }: { items: readonly DeploymentView[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">App</th>
            <th scope="col">Release</th>
            <th scope="col">Selector</th>
            <th scope="col">Priority</th>
            <th scope="col">Strategy</th>
            <th scope="col">Phase</th>
            <th scope="col">Progress</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((deployment) => (
            <tr key={deployment.id}>
              <td>
                <Link href={`/deployments/${deployment.id}`} className="deploy-app">
                  {deployment.appId}
                </Link>
              </td>
              <td>
                <span className="label-chip">{releaseVersion(deployment.releaseId)}</span>
              </td>
              <td className="deploy-selector">{deployment.selector === '' ? <span className="muted">every gateway</span> : <code>{deployment.selector}</code>}</td>
              <td>{deployment.priority}</td>
              <td className="deploy-strategy">{describeStrategy(deployment.strategy)}</td>
              <td>
                <PhaseBadge phase={deployment.phase} title={deployment.phaseReason ?? undefined} />
              </td>
              <td>
                <div className="deploy-progress-cell">
                  <TotalsTrack totals={deployment.totals} label={`Progress of ${deployment.appId} ${releaseVersion(deployment.releaseId)}`} />
                  <span className="muted">
                    {deployment.totals.converged}/{effectiveTotal(deployment.totals)}
                    {deployment.totals.failed + deployment.totals['rolled-back'] > 0 ? <span className="deploy-failed"> · {deployment.totals.failed + deployment.totals['rolled-back']} failed</span> : null}
                  </span>
                </div>
              </td>
              <td title={absoluteTime(deployment.createdAt)}>{relativeTime(deployment.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
