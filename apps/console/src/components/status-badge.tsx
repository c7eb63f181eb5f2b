/** A state word with a colour that reads the same everywhere in the console. */

const TONES: Record<string, 'good' | 'bad' | 'warn' | 'idle' | 'info'> = {
  online: 'good',
  running: 'good',
  healthy: 'good',
  converged: 'good',
  completed: 'good',
  ok: 'good',
  offline: 'idle',
  never: 'idle',
  stopped: 'idle',
  exited: 'idle',
  superseded: 'idle',
  paused: 'warn',
  pending: 'info',
  targeted: 'info',
  acked: 'info',
  applying: 'info',
  starting: 'info',
  'rolling-out': 'info',
  rolling: 'info',
  creating: 'info',
  failed: 'bad',
  unhealthy: 'bad',
  'crash-loop': 'bad',
  oom: 'bad',
  error: 'bad',
  revoked: 'bad',
  'rolled-back': 'warn',
  degraded: 'warn',
  drift: 'warn',
  removing: 'idle',
  'rolling-back': 'warn',
};

export function StatusBadge({ status, title }: { status: string; title?: string }) {
  return (
    <span className={`badge badge-${TONES[status] ?? 'info'}`} title={title}>
      {status}
    </span>
  );
}
