import type { RolloutStrategy } from '@/api/deployments';

/*
 * The rollout strategy as the form edits it (text in inputs) and as the API takes it
 * (RolloutStrategySchema). The limits below mirror that schema so a bad value is named
 * beside its field before anything is sent.
 */

export type PauseUnit = 'seconds' | 'minutes' | 'hours';

export interface StrategyForm {
  type: 'all-at-once' | 'waves';
  sizeKind: 'count' | 'percent';
  size: string;
  pause: string;
  pauseUnit: PauseUnit;
  failureThresholdPercent: string;
}

export type StrategyField = 'waveSize' | 'pause' | 'failureThresholdPercent';
export type StrategyErrors = Partial<Record<StrategyField, string>>;

export const UNIT_MS: Record<PauseUnit, number> = { seconds: 1_000, minutes: 60_000, hours: 3_600_000 };

const MAX_COUNT = 1_000_000;
const MAX_PAUSE_MS = 7 * 86_400_000;

export const DEFAULT_STRATEGY_FORM: StrategyForm = {
  type: 'all-at-once',
  sizeKind: 'percent',
  size: '25',
  pause: '5',
  pauseUnit: 'minutes',
  failureThresholdPercent: '10',
};

function toNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The API body's `strategy`, or the errors of the fields that stop it. */
export function strategyFromForm(form: StrategyForm): { strategy: RolloutStrategy; errors?: undefined } | { strategy?: undefined; errors: StrategyErrors } {
  if (form.type === 'all-at-once') return { strategy: { type: 'all-at-once' } };
  const errors: StrategyErrors = {};

  const size = toNumber(form.size);
  let waveSize: { count: number } | { percent: number } | undefined;
  if (form.sizeKind === 'count') {
    if (size === undefined || !Number.isInteger(size) || size < 1 || size > MAX_COUNT) errors.waveSize = `a whole number of gateways from 1 to ${MAX_COUNT.toLocaleString('en')}`;
    else waveSize = { count: size };
  } else if (size === undefined || size <= 0 || size > 100) {
    errors.waveSize = 'a percentage above 0 and at most 100';
  } else {
    waveSize = { percent: size };
  }

  const pause = toNumber(form.pause);
  const pauseMs = pause === undefined ? undefined : Math.round(pause * UNIT_MS[form.pauseUnit]);
  if (pauseMs === undefined || pauseMs < 0) errors.pause = 'a pause of 0 or more';
  else if (pauseMs > MAX_PAUSE_MS) errors.pause = 'at most 7 days';

  const threshold = toNumber(form.failureThresholdPercent);
  if (threshold === undefined || threshold < 0 || threshold > 100) errors.failureThresholdPercent = 'a percentage from 0 to 100';

  if (waveSize === undefined || pauseMs === undefined || threshold === undefined || Object.keys(errors).length > 0) return { errors };
  return { strategy: { type: 'waves', waveSize, pauseMs, failureThresholdPercent: threshold } };
}

/** The form showing a strategy the API sent, e.g. to start a new deployment like an old one. */
export function formFromStrategy(strategy: RolloutStrategy): StrategyForm {
  if (strategy.type === 'all-at-once') return { ...DEFAULT_STRATEGY_FORM, type: 'all-at-once' };
  const unit: PauseUnit = strategy.pauseMs % UNIT_MS.hours === 0 && strategy.pauseMs > 0 ? 'hours' : strategy.pauseMs % UNIT_MS.minutes === 0 && strategy.pauseMs > 0 ? 'minutes' : 'seconds';
  return {
    type: 'waves',
    sizeKind: 'count' in strategy.waveSize ? 'count' : 'percent',
    size: String('count' in strategy.waveSize ? strategy.waveSize.count : strategy.waveSize.percent),
    pause: String(strategy.pauseMs / UNIT_MS[unit]),
    pauseUnit: unit,
    failureThresholdPercent: String(strategy.failureThresholdPercent),
  };
}

/** A duration in the largest unit that keeps it short: "90 s", "5 min", "2 h", "1 h 30 min". */
export function formatPause(ms: number): string {
  if (ms === 0) return 'no pause';
  if (ms < UNIT_MS.minutes) return `${ms / 1000} s`;
  if (ms < UNIT_MS.hours) return ms % UNIT_MS.minutes === 0 ? `${ms / UNIT_MS.minutes} min` : `${Math.floor(ms / UNIT_MS.minutes)} min ${Math.round((ms % UNIT_MS.minutes) / 1000)} s`;
  const hours = Math.floor(ms / UNIT_MS.hours);
  const minutes = Math.round((ms % UNIT_MS.hours) / UNIT_MS.minutes);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** One line for a strategy: "all at once" or "waves of 25%, 5 min apart, halt above 10% failed". */
export function describeStrategy(strategy: RolloutStrategy): string {
  if (strategy.type === 'all-at-once') return 'all at once';
  const size = 'count' in strategy.waveSize ? `${strategy.waveSize.count} gateway${strategy.waveSize.count === 1 ? '' : 's'}` : `${strategy.waveSize.percent}%`;
  const pause = strategy.pauseMs === 0 ? 'no pause' : `${formatPause(strategy.pauseMs)} apart`;
  return `waves of ${size}, ${pause}, halt above ${strategy.failureThresholdPercent}% failed`;
}

/** How many waves a strategy makes of `total` gateways, as the controller splits them. */
export function plannedWaves(strategy: RolloutStrategy, total: number): number {
  if (total <= 0) return 0;
  if (strategy.type === 'all-at-once') return 1;
  const size = 'count' in strategy.waveSize ? strategy.waveSize.count : Math.max(1, Math.ceil((total * strategy.waveSize.percent) / 100));
  return Math.ceil(total / size);
}
