import type { PayloadOf } from '@/api/commands';

const duration = (ms: number) => {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
};

/** The agent's self-checks, ok or failed, and what waits in its outbox. */
export function DiagnosticsResult({ result }: { result: PayloadOf<'diagnostics'> }) {
  const failed = result.checks.filter((check) => !check.isOk).length;
  return (
    <div className="gw-diagnostics">
      <p>
        {failed === 0 ? <strong className="gw-good">All {result.checks.length} checks passed.</strong> : <strong className="gw-bad">{failed} of {result.checks.length} checks failed.</strong>}{' '}
        <span className="muted">
          Agent {result.agentVersion}, up {duration(result.uptimeMs)}, Docker {result.dockerVersion ?? 'unreachable'}, cgroup v{result.cgroupVersion}.
        </span>
      </p>
      <ul className="gw-checks">
        {result.checks.map((check) => (
          <li key={check.name}>
            <span className={check.isOk ? 'gw-check-mark gw-good' : 'gw-check-mark gw-bad'} aria-hidden>
              {check.isOk ? '✓' : '✗'}
            </span>
            <span className="mono">{check.name}</span> <span className="visually-hidden">{check.isOk ? 'ok' : 'failed'}</span>
            {check.detail === undefined ? null : <span className="muted"> — {check.detail}</span>}
          </li>
        ))}
      </ul>
      <p className="gw-outbox">
        <span className="muted">Outbox:</span> <strong>{result.outbox.reported}</strong> reports · <strong>{result.outbox.events}</strong> events · <strong>{result.outbox.telemetry}</strong> telemetry batches waiting
      </p>
    </div>
  );
}
