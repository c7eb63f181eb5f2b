import { ConfirmButton } from '@/components/confirm-button';
import { DataTable, type Column } from '@/components/data-table';
import { StatusBadge } from '@/components/status-badge';
import { UsageMeter } from '@/components/usage-meter';
import { formatBytes, formatCpus } from '@/lib/format';
import type { ServiceRow } from './service-rows';

const COLUMNS: readonly Column[] = [
  { label: 'Service · app' },
  { label: 'State · health' },
  { label: 'Release' },
  { label: 'Restarts' },
  { label: 'Use of caps' },
  { label: 'Actions', isLabelHidden: true },
];

interface ServicesTableProps {
  deviceName: string;
  rows: readonly ServiceRow[];
  /** Why commands cannot be sent now (offline, revoked), or undefined when they can. */
  commandsBlocked: string | undefined;
  selectedLogs: string | undefined;
  onLogs: (row: ServiceRow) => void;
  onRestart: (row: ServiceRow) => Promise<unknown>;
}

/** The services the gateway reported, with their use against their caps and per-service actions. */
export function ServicesTable({ deviceName, rows, commandsBlocked, selectedLogs, onLogs, onRestart }: ServicesTableProps) {
  return (
    <DataTable columns={COLUMNS} caption={<>Services on {deviceName}</>}>
      {rows.map((row) => (
        <tr key={row.key} className={selectedLogs === row.key ? 'gw-row-selected' : undefined}>
          <td>
            <strong>{row.service}</strong> <span className="muted mono gw-app">{row.app}</span>
            {row.status.lastError === null ? null : (
              <div className="gw-row-error" title={`${row.status.lastError.code} at ${row.status.lastError.at}`}>
                {row.status.lastError.message}
              </div>
            )}
          </td>
          <td>
            <span className="gw-badges">
              <StatusBadge status={row.status.state} title={row.status.exitCode === undefined || row.status.exitCode === null ? undefined : `exit code ${row.status.exitCode}`} />
              {row.status.health === 'none' ? null : <StatusBadge status={row.status.health} />}
              {row.status.caps?.verification === 'drift' ? <StatusBadge status="drift" title="The container's cgroup differs from the caps applied" /> : null}
            </span>
          </td>
          <td className="mono">{row.status.releaseId}</td>
          <td className={row.status.restartCount > 0 ? 'gw-restarts-high' : undefined}>{row.status.restartCount}</td>
          <td>
            <div className="fl-use">
              <span className="fl-use-label">Mem</span>
              <UsageMeter label={`Memory of ${row.key} of its cap`} used={row.memoryBytes} total={row.memoryCapBytes} format={formatBytes} />
              <span className="fl-use-label">CPU</span>
              <UsageMeter label={`CPU of ${row.key} of its cap`} used={row.cpuNanoCpus} total={row.cpuCapNanoCpus} format={formatCpus} />
            </div>
          </td>
          <td>
            <div className="actions row-actions">
              <button type="button" className="button" onClick={() => onLogs(row)} aria-pressed={selectedLogs === row.key}>
                Logs
              </button>
              <ConfirmButton
                label="Restart"
                confirmLabel={`Restart ${row.service}`}
                tone="normal"
                disabled={commandsBlocked !== undefined}
                message={
                  <p>
                    <strong>{row.key}</strong> on {deviceName} will be stopped and started again. It is unavailable for a moment; its data volumes are kept.
                  </p>
                }
                onConfirm={() => onRestart(row)}
              />
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
