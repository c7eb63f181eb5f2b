import type { WaveState } from './rollout-state';

const STATES: Record<WaveState, { word: string; tone: 'good' | 'bad' | 'warn' | 'info' | 'idle' }> = {
  waiting: { word: 'waiting', tone: 'idle' },
  'in-progress': { word: 'in progress', tone: 'info' },
  paused: { word: 'paused', tone: 'warn' },
  done: { word: 'done', tone: 'good' },
  halted: { word: 'halted: failure threshold', tone: 'bad' },
  withdrawn: { word: 'rolled back', tone: 'idle' },
};

export function WaveStateBadge({ state }: { state: WaveState }) {
  const { word, tone } = STATES[state];
  return <span className={`badge badge-${tone}`}>{word}</span>;
}
