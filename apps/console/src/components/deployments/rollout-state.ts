import type { DeploymentDetail, RolloutPhase, TargetStatus, TargetTotals } from '@/api/deployments';
import { effectiveTotal, totalOf } from './progress-parts';

/*
 * What the rollout view says about each wave, derived the way the controller's rollout
 * engine moves (apps/controller/src/deployments/rollout-engine.ts): a wave is settled
 * when none of its gateways is pending, sent or acked; the next wave starts after the
 * settled one's pause, unless it failed beyond the threshold (the rollout halts).
 */

export type WaveState = 'waiting' | 'in-progress' | 'paused' | 'done' | 'halted' | 'withdrawn';

export interface WaveRow {
  wave: number;
  totals: TargetTotals;
  total: number;
  state: WaveState;
  /** Failed and rolled back against the gateways the wave answers for, 0 to 100. */
  failedPercent: number;
}

const UNSETTLED: readonly TargetStatus[] = ['pending', 'targeted', 'acked'];

export function isSettled(totals: TargetTotals): boolean {
  return UNSETTLED.every((status) => totals[status] === 0);
}

export function failedPercent(totals: TargetTotals): number {
  const judged = effectiveTotal(totals);
  return judged === 0 ? 0 : ((totals.failed + totals['rolled-back']) * 100) / judged;
}

/** `isCurrentSettled`: whether the newest admitted wave settled, which holds the next one when paused. */
function waveState(wave: number, totals: TargetTotals, phase: RolloutPhase, currentWave: number, isCurrentSettled: boolean): WaveState {
  if (phase === 'rolled-back') return 'withdrawn';
  if (wave < currentWave) return 'done';
  if (wave > currentWave) return phase === 'paused' && wave === currentWave + 1 && isCurrentSettled ? 'paused' : 'waiting';
  if (phase === 'halted') return 'halted';
  if (!isSettled(totals)) return phase === 'paused' ? 'paused' : 'in-progress';
  return 'done';
}

/** One row per wave, in wave order. */
export function waveRows(detail: Pick<DeploymentDetail, 'waves' | 'phase' | 'currentWave'>): WaveRow[] {
  const current = detail.waves.find((wave) => wave.wave === detail.currentWave);
  const isCurrentSettled = current === undefined || isSettled(current.totals);
  return [...detail.waves]
    .sort((a, b) => a.wave - b.wave)
    .map(({ wave, totals }) => ({ wave, totals, total: totalOf(totals), state: waveState(wave, totals, detail.phase, detail.currentWave, isCurrentSettled), failedPercent: failedPercent(totals) }));
}

/** True once every gateway the deployment answers for runs the release healthy. */
export function isConverged(detail: Pick<DeploymentDetail, 'phase' | 'totals'>): boolean {
  const total = effectiveTotal(detail.totals);
  return detail.phase === 'complete' && total > 0 && detail.totals.converged === total;
}

export type DeploymentAction = 'pause' | 'resume' | 'rollback';

/** The phases each action starts from, as the controller allows them (DeploymentsService ACTIONS). */
const ACTION_PHASES: Record<DeploymentAction, readonly RolloutPhase[]> = {
  pause: ['rolling'],
  resume: ['paused', 'halted'],
  rollback: ['rolling', 'paused', 'halted', 'complete'],
};

export function canAct(action: DeploymentAction, phase: RolloutPhase): boolean {
  return ACTION_PHASES[action].includes(phase);
}

/** The live event's figures laid over a fetched deployment, until the next fetch brings the waves. */
export function withProgress<T extends Pick<DeploymentDetail, 'phase' | 'currentWave' | 'totals' | 'total'>>(deployment: T, event: { phase: RolloutPhase; wave: number; totals: TargetTotals }): T {
  return { ...deployment, phase: event.phase, currentWave: event.wave, totals: event.totals, total: totalOf(event.totals) };
}
