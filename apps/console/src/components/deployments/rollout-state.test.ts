import { describe, expect, it } from 'vitest';
import type { RolloutPhase, TargetTotals } from '@/api/deployments';
import { canAct, failedPercent, isConverged, isSettled, waveRows, withProgress, type WaveState } from './rollout-state';

const totals = (patch: Partial<TargetTotals>): TargetTotals => ({ pending: 0, targeted: 0, acked: 0, converged: 0, failed: 0, 'rolled-back': 0, superseded: 0, ...patch });

const SETTLED = totals({ converged: 4 });
const MOVING = totals({ converged: 1, acked: 2, targeted: 1 });
const HELD = totals({ pending: 4 });
const FAILED = totals({ converged: 2, failed: 1, 'rolled-back': 1 });

function states(phase: RolloutPhase, currentWave: number, waves: TargetTotals[]): WaveState[] {
  return waveRows({ phase, currentWave, waves: waves.map((t, i) => ({ wave: i + 1, totals: t })) }).map((row) => row.state);
}

describe('wave states', () => {
  it.each<[string, RolloutPhase, number, TargetTotals[], WaveState[]]>([
    ['first wave rolling', 'rolling', 1, [MOVING, HELD, HELD], ['in-progress', 'waiting', 'waiting']],
    ['second wave rolling after the first settled', 'rolling', 2, [SETTLED, MOVING, HELD], ['done', 'in-progress', 'waiting']],
    ['waiting out the pause after a settled wave', 'rolling', 1, [SETTLED, HELD], ['done', 'waiting']],
    ['paused with the wave still converging', 'paused', 1, [MOVING, HELD], ['paused', 'waiting']],
    ['paused after the wave settled: the next one is held', 'paused', 1, [SETTLED, HELD, HELD], ['done', 'paused', 'waiting']],
    ['halted on the failure threshold', 'halted', 2, [SETTLED, FAILED, HELD], ['done', 'halted', 'waiting']],
    ['complete', 'complete', 3, [SETTLED, SETTLED, SETTLED], ['done', 'done', 'done']],
    ['complete with a late joiner still converging', 'complete', 1, [MOVING], ['in-progress']],
    ['rolled back', 'rolled-back', 1, [SETTLED, HELD], ['withdrawn', 'withdrawn']],
  ])('%s', (_name, phase, currentWave, waves, expected) => {
    expect(states(phase, currentWave, waves)).toEqual(expected);
  });

  it('orders waves and counts each one', () => {
    const rows = waveRows({ phase: 'rolling', currentWave: 1, waves: [{ wave: 2, totals: HELD }, { wave: 1, totals: FAILED }] });
    expect(rows.map((row) => [row.wave, row.total])).toEqual([[1, 4], [2, 4]]);
    expect(rows[0]?.failedPercent).toBe(50);
  });
});

describe('settling and failure share', () => {
  it('a wave is settled when nothing is pending, sent or acked', () => {
    expect(isSettled(SETTLED)).toBe(true);
    expect(isSettled(FAILED)).toBe(true);
    expect(isSettled(totals({ converged: 3, acked: 1 }))).toBe(false);
    expect(isSettled(totals({ targeted: 1 }))).toBe(false);
    expect(isSettled(HELD)).toBe(false);
  });

  it('judges failures against the gateways the deployment answers for, as the engine does', () => {
    expect(failedPercent(totals({ failed: 1, converged: 1, superseded: 2 }))).toBe(50);
    expect(failedPercent(totals({ superseded: 2 }))).toBe(0);
  });
});

describe('convergence', () => {
  it('is reached when the rollout completed and every answered-for gateway converged', () => {
    expect(isConverged({ phase: 'complete', totals: totals({ converged: 5, superseded: 1 }) })).toBe(true);
    expect(isConverged({ phase: 'complete', totals: totals({ converged: 4, acked: 1 }) })).toBe(false);
    expect(isConverged({ phase: 'rolling', totals: totals({ converged: 5 }) })).toBe(false);
    expect(isConverged({ phase: 'complete', totals: totals({}) })).toBe(false);
  });
});

describe('actions per phase', () => {
  it.each<[RolloutPhase, boolean, boolean, boolean]>([
    ['rolling', true, false, true],
    ['paused', false, true, true],
    ['halted', false, true, true],
    ['complete', false, false, true],
    ['rolled-back', false, false, false],
  ])('%s: pause %s, resume %s, roll back %s', (phase, pause, resume, rollback) => {
    expect([canAct('pause', phase), canAct('resume', phase), canAct('rollback', phase)]).toEqual([pause, resume, rollback]);
  });
});

describe('withProgress', () => {
  it('lays the live figures over the fetched deployment and keeps the rest', () => {
    const before = { id: 'd1', phase: 'rolling' as const, currentWave: 1, total: 4, totals: MOVING, waves: [] };
    const after = withProgress(before, { phase: 'complete', wave: 2, totals: totals({ converged: 6 }) });
    expect(after).toEqual({ id: 'd1', phase: 'complete', currentWave: 2, total: 6, totals: totals({ converged: 6 }), waves: [] });
  });
});
