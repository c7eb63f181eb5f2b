import Link from 'next/link';
import { releaseVersion, type DeploymentView } from '@/api/deployments';
import { DataTable, type Column } from '@/components/data-table';
import { absoluteTime, relativeTime } from '@/lib/format';
import { PhaseBadge } from './phase-badge';
import { effectiveTotal } from './progress-parts';
import { describeStrategy } from './strategy-form';
import { TotalsTrack } from './totals-bar';

const COLUMNS: readonly Column[] = [
  { label: 'App' },
  { label: 'Release' },
  { label: 'Selector' },
  { label: 'Priority' },
  { label: 'Strategy' },
  { label: 'Phase' },
  { label: 'Progress' },
  { label: 'Created' },
];

/** Deployments, newest first: what went where, how, and how far it got. */
export function DeploymentsTable({ items }: { items: readonly DeploymentView[] }) {
  return (
    <DataTable columns={COLUMNS}>
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
    </DataTable>
  );
}
