import type { ProgressPart } from '@/components/progress-bar';
import type { TargetTotals } from '@/api/deployments';

/**
 * A rollout's gateways as bar parts, best first. `targeted` (sent, not yet stored) and
 * `superseded` (another deployment wins there) show only when some gateway is in them,
 * so the common legend stays the five states people watch.
 */
export function progressParts(totals: TargetTotals): ProgressPart[] {
  const parts: ProgressPart[] = [
    { label: 'converged', value: totals.converged, tone: 'good' },
    { label: 'acked', value: totals.acked, tone: 'info' },
    { label: 'sent', value: totals.targeted, tone: 'info' },
    { label: 'failed', value: totals.failed, tone: 'bad' },
    { label: 'rolled back', value: totals['rolled-back'], tone: 'warn' },
    { label: 'pending', value: totals.pending, tone: 'idle' },
    { label: 'superseded', value: totals.superseded, tone: 'idle' },
  ];
  return parts.filter((part) => part.value > 0 || (part.label !== 'sent' && part.label !== 'superseded'));
}

/** Every gateway the deployment selected. */
export function totalOf(totals: TargetTotals): number {
  return Object.values(totals).reduce((sum, count) => sum + count, 0);
}

/** Gateways the deployment still answers for: those another deployment outranks are not its to converge. */
export function effectiveTotal(totals: TargetTotals): number {
  return totalOf(totals) - totals.superseded;
}

/** Converged share of the gateways the deployment answers for, 0 to 100, rounded down so 99.6% never reads 100%. */
export function convergedPercent(totals: TargetTotals): number {
  const total = effectiveTotal(totals);
  return total === 0 ? 0 : Math.floor((totals.converged / total) * 100);
}
