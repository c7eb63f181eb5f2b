import type { TargetTotals } from '@/api/deployments';
import { ProgressBar } from '@/components/progress-bar';
import { progressParts, totalOf } from './progress-parts';

/** A deployment's (or a wave's) gateways per status: the shared bar with its legend. */
export function TotalsBar({ totals, label }: { totals: TargetTotals; label: string }) {
  return <ProgressBar parts={progressParts(totals)} total={totalOf(totals)} label={label} />;
}

/** The same bar without a legend, for table rows; the figures sit in the row's title. */
export function TotalsTrack({ totals, label }: { totals: TargetTotals; label: string }) {
  const total = totalOf(totals);
  const parts = progressParts(totals);
  const summary = parts.map((part) => `${part.label} ${part.value}`).join(', ');
  return (
    <div className="progress-track deploy-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={totals.converged} aria-valuetext={`${summary} of ${total}`} title={`${summary} of ${total}`}>
      {parts.map((part) => (part.value > 0 && total > 0 ? <span key={part.label} className={`progress-part tone-${part.tone}`} style={{ width: `${(part.value / total) * 100}%` }} /> : null))}
    </div>
  );
}
