import Link from 'next/link';
import type { DeviceView } from '@/api/devices';
import { StatusBadge } from '@/components/status-badge';
import { UsageMeter } from '@/components/usage-meter';
import { formatBytes, formatCpus } from '@/lib/format';
import { AppStates } from './app-states';
import { LabelChips } from './label-chips';
import { LastSeen } from './last-seen';
import { RelativeTime } from './relative-time';

/** One gateway in the fleet table. */
export function GatewayRow({ device, now }: { device: DeviceView; now: number }) {
  const status = device.revoked ? 'revoked' : device.status;
  const isStale = device.status !== 'online';
  return (
    <tr>
      <td>
        <Link href={`/gateways/${encodeURIComponent(device.id)}`} className="fl-name">
          {device.name}
        </Link>
        {device.name === device.id ? null : <div className="muted mono fl-small">{device.id}</div>}
      </td>
      <td>
        <StatusBadge status={status} />
      </td>
      <td>
        <LastSeen status={device.status} iso={device.lastSeenAt} now={now} />
      </td>
      <td className="fl-wrap">
        <LabelChips labels={device.labels} />
      </td>
      <td className="mono">{device.agentVersion ?? <span className="muted">—</span>}</td>
      <td>
        <AppStates apps={device.apps} />
      </td>
      <td className={isStale ? 'fl-stale' : undefined} title={isStale ? 'Last known use, from before the gateway went offline' : undefined}>
        <div className="fl-use">
          <span className="fl-use-label">Mem</span>
          <UsageMeter label={`Memory of ${device.name}`} used={device.usage?.memoryBytes} total={device.allocatable?.memoryBytes} format={formatBytes} />
          <span className="fl-use-label">CPU</span>
          <UsageMeter label={`CPU of ${device.name}`} used={device.usage?.cpuNanoCpus} total={device.allocatable?.nanoCpus} format={formatCpus} />
        </div>
      </td>
      <td className="fl-optional">
        <RelativeTime iso={device.createdAt} now={now} />
      </td>
    </tr>
  );
}
