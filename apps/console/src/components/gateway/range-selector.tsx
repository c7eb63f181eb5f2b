import { TIME_RANGES, type TimeRangeId } from '@/api/telemetry';

/** The window of the charts, as a group of toggle buttons. */
export function RangeSelector({ value, onChange }: { value: TimeRangeId; onChange: (range: TimeRangeId) => void }) {
  return (
    <div className="segmented gw-toggle" role="group" aria-label="Time range">
      {TIME_RANGES.map((range) => (
        <button key={range.id} type="button" aria-pressed={range.id === value} onClick={() => onChange(range.id)}>
          {range.label}
        </button>
      ))}
    </div>
  );
}
