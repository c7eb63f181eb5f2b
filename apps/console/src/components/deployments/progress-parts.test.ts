import { describe, expect, it } from 'vitest';
import type { TargetTotals } from '@/api/deployments';
import { convergedPercent, effectiveTotal, progressParts, totalOf } from './progress-parts';

const totals = (patch: Partial<TargetTotals>): TargetTotals => ({ pending: 0, targeted: 0, acked: 0, converged: 0, failed: 0, 'rolled-back': 0, superseded: 0, ...patch });

describe('progressParts', () => {
  it('shows the five watched states even at zero, best first', () => {
    expect(progressParts(totals({ converged: 2, pending: 1 }))).toEqual([
      { label: 'converged', value: 2, tone: 'good' },
      { label: 'acked', value: 0, tone: 'info' },
      { label: 'failed', value: 0, tone: 'bad' },
      { label: 'rolled back', value: 0, tone: 'warn' },
      { label: 'pending', value: 1, tone: 'idle' },
    ]);
  });

  it('adds sent and superseded only when some gateway is in them', () => {
    const labels = progressParts(totals({ targeted: 3, superseded: 1 })).map((part) => part.label);
    expect(labels).toEqual(['converged', 'acked', 'sent', 'failed', 'rolled back', 'pending', 'superseded']);
  });

  it('parts add up to the total', () => {
    const t = totals({ converged: 5, acked: 2, targeted: 1, failed: 1, 'rolled-back': 1, pending: 3, superseded: 2 });
    expect(progressParts(t).reduce((sum, part) => sum + part.value, 0)).toBe(totalOf(t));
    expect(totalOf(t)).toBe(15);
    expect(effectiveTotal(t)).toBe(13);
  });
});

describe('convergedPercent', () => {
  it('never rounds up to 100 before every gateway converged', () => {
    expect(convergedPercent(totals({ converged: 999, acked: 1 }))).toBe(99);
    expect(convergedPercent(totals({ converged: 3, superseded: 1 }))).toBe(100);
    expect(convergedPercent(totals({}))).toBe(0);
  });
});
