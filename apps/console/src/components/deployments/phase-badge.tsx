import type { RolloutPhase } from '@/api/deployments';

const PHASES: Record<RolloutPhase, { word: string; tone: 'good' | 'bad' | 'warn' | 'info' | 'idle' }> = {
  rolling: { word: 'rolling out', tone: 'info' },
  paused: { word: 'paused', tone: 'warn' },
  halted: { word: 'halted', tone: 'bad' },
  complete: { word: 'complete', tone: 'good' },
  'rolled-back': { word: 'rolled back', tone: 'idle' },
};

/** Where a rollout is, as a coloured word; a halted one reads as a failure at a glance. */
export function PhaseBadge({ phase, title }: { phase: RolloutPhase; title?: string | undefined }) {
  const { word, tone } = PHASES[phase];
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {word}
    </span>
  );
}
