import type { DeviceAppSummary } from '@/api/devices';
import { StatusBadge } from '@/components/status-badge';

/** Each app on a gateway: its id, what the agent is doing with it, and running of total services. */
export function AppStates({ apps }: { apps: Record<string, DeviceAppSummary> }) {
  const entries = Object.entries(apps).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="muted">no apps</span>;
  return (
    <ul className="fl-apps">
      {entries.map(([appId, app]) => (
        <li key={appId} title={app.releaseId === null ? `${appId}: nothing applied yet` : `${appId}: release ${app.releaseId}`}>
          <span className="mono">{appId}</span> <StatusBadge status={app.state} />{' '}
          <span className={app.running < app.services ? 'fl-app-count fl-app-count-short' : 'fl-app-count'}>
            {app.running}/{app.services}
          </span>
        </li>
      ))}
    </ul>
  );
}
