import type { DeploymentDetail } from '@/api/deployments';
import { DataTable, type Column } from '@/components/data-table';
import { waveRows } from './rollout-state';
import { TotalsTrack } from './totals-bar';
import { WaveStateBadge } from './wave-state-badge';

const COLUMNS: readonly Column[] = [
  { label: 'Wave' },
  { label: 'State' },
  { label: 'Progress' },
  { label: 'Converged' },
  { label: 'Acked' },
  { label: 'Failed' },
  { label: 'Rolled back' },
  { label: 'Pending' },
  { label: 'Gateways', isLabelHidden: true },
];

interface WaveTableProps {
  deployment: DeploymentDetail;
  /** Shows the gateways of one wave below. */
  onShowWave: (wave: number) => void;
}

/** One row per wave: how far it got and where it stands. */
export function WaveTable({ deployment, onShowWave }: WaveTableProps) {
  const rows = waveRows(deployment);
  const threshold = deployment.strategy.type === 'waves' ? deployment.strategy.failureThresholdPercent : undefined;
  return (
    <DataTable columns={COLUMNS} className="deploy-waves">
      {rows.map((row) => (
        <tr key={row.wave}>
          <th scope="row">
            {row.wave} <span className="muted">of {rows.length}</span>
          </th>
          <td>
            <WaveStateBadge state={row.state} />
          </td>
          <td className="deploy-wave-progress">
            <TotalsTrack totals={row.totals} label={`Wave ${row.wave}`} />
          </td>
          <td>
            {row.totals.converged}
            <span className="muted">/{row.total - row.totals.superseded}</span>
          </td>
          <td>{row.totals.acked + row.totals.targeted}</td>
          <td className={row.totals.failed > 0 ? 'deploy-failed' : undefined}>
            {row.totals.failed}
            {threshold !== undefined && row.failedPercent > threshold ? <span title={`above the ${threshold}% threshold`}> ▲</span> : null}
          </td>
          <td>{row.totals['rolled-back']}</td>
          <td>{row.totals.pending}</td>
          <td>
            <button type="button" className="button small" onClick={() => onShowWave(row.wave)}>
              Gateways
            </button>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
