import { percentOf } from '@/lib/format';

/** Used against available as a thin bar with the figures beside it, e.g. memory against allocatable. */
export function UsageMeter({ used, total, format, label }: { used: number | null | undefined; total: number | null | undefined; format: (value: number | null | undefined) => string; label: string }) {
  const percent = percentOf(used, total);
  const tone = percent === undefined ? 'idle' : percent >= 90 ? 'bad' : percent >= 70 ? 'warn' : 'good';
  return (
    <div className="meter" title={`${label}: ${format(used)} of ${format(total)}`}>
      <div className="meter-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent === undefined ? 0 : Math.round(percent)}>
        <span className={`meter-fill tone-${tone}`} style={{ width: `${percent ?? 0}%` }} />
      </div>
      <span className="meter-text">
        {format(used)} / {format(total)}
      </span>
    </div>
  );
}
