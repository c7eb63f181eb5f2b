/** A gateway's labels as `key=value` chips, in key order so rows line up. */
export function LabelChips({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <span className="fl-chips">
      {entries.map(([key, value]) => (
        <span key={key} className="label-chip">
          {key}={value}
        </span>
      ))}
    </span>
  );
}
