import Link from 'next/link';
import type { ReactNode } from 'react';
import type { DeviceDetailView } from '@/api/devices';
import { LastSeen } from '@/components/fleet/last-seen';
import { StatusBadge } from '@/components/status-badge';

function platformText(device: DeviceDetailView): string {
  const platform = device.platform;
  if (platform === null) return 'not reported yet';
  return [`${platform.os}/${platform.arch}`, `cgroup v${platform.cgroupVersion}`, platform.dockerVersion === undefined ? null : `Docker ${platform.dockerVersion}`].filter(Boolean).join(' · ');
}

/** Who the gateway is and whether it is there: name, id, status, last seen, agent and platform. */
export function GatewayHeader({ device, now, actions }: { device: DeviceDetailView; now: number; actions: ReactNode }) {
  return (
    <header className="gw-header">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link href="/">Fleet</Link> <span aria-hidden>›</span> <span>{device.name}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>
            {device.name} <StatusBadge status={device.revoked ? 'revoked' : device.status} />
          </h1>
          <dl className="gw-facts-inline">
            <div>
              <dt>ID</dt>
              <dd className="mono">{device.id}</dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd>
                <LastSeen status={device.status} iso={device.lastSeenAt} now={now} />
              </dd>
            </div>
            <div>
              <dt>Agent</dt>
              <dd className="mono">{device.agentVersion ?? '—'}</dd>
            </div>
            <div>
              <dt>Platform</dt>
              <dd>{platformText(device)}</dd>
            </div>
          </dl>
        </div>
        <div className="actions">{actions}</div>
      </div>
    </header>
  );
}
