/** One bar split into coloured parts, e.g. converged / acked / failed of a rollout's targets. */

export interface ProgressPart {
  label: string;
  value: number;
  tone: 'good' | 'bad' | 'warn' | 'info' | 'idle';
}

export function ProgressBar({ parts, total, label }: { parts: readonly ProgressPart[]; total: number; label: string }) {
  const done = parts.filter((part) => part.tone === 'good').reduce((sum, part) => sum + part.value, 0);
  return (
    <div className="progress">
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        {parts.map((part) =>
          part.value > 0 && total > 0 ? (
            <span key={part.label} className={`progress-part tone-${part.tone}`} style={{ width: `${(part.value / total) * 100}%` }} title={`${part.label}: ${part.value}`} />
          ) : null,
        )}
      </div>
      <ul className="progress-legend">
        {parts.map((part) => (
          <li key={part.label}>
            <span className={`dot tone-${part.tone}`} aria-hidden /> {part.label} <strong>{part.value}</strong>
          </li>
        ))}
        <li className="muted">of {total}</li>
      </ul>
    </div>
  );
}
