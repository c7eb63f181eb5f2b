import type { DeploymentDetail } from '@/api/deployments';
import { waveRows } from './rollout-state';
import { TotalsTrack } from './totals-bar';
import { WaveStateBadge } from './wave-state-badge';

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
    <div className="table-wrap">
      <table className="deploy-waves">
        <thead>
          <tr>
            <th scope="col">Wave</th>
            <th scope="col">State</th>
            <th scope="col">Progress</th>
            <th scope="col">Converged</th>
            <th scope="col">Acked</th>
            <th scope="col">Failed</th>
            <th scope="col">Rolled back</th>
            <th scope="col">Pending</th>
            <th scope="col">
              <span className="deploy-sr">Gateways</span>
            </th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
