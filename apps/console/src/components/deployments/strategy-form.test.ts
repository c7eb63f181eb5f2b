import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGY_FORM, describeStrategy, formatPause, formFromStrategy, plannedWaves, strategyFromForm, type StrategyForm } from './strategy-form';

const waves = (patch: Partial<StrategyForm>): StrategyForm => ({ ...DEFAULT_STRATEGY_FORM, type: 'waves', ...patch });

describe('strategyFromForm', () => {
  it('sends all at once without the wave fields, whatever they hold', () => {
    expect(strategyFromForm({ ...DEFAULT_STRATEGY_FORM, size: 'junk' })).toEqual({ strategy: { type: 'all-at-once' } });
  });

  it.each([
    [waves({ sizeKind: 'count', size: '5', pause: '30', pauseUnit: 'seconds', failureThresholdPercent: '0' }), { type: 'waves', waveSize: { count: 5 }, pauseMs: 30_000, failureThresholdPercent: 0 }],
    [waves({ sizeKind: 'percent', size: '12.5', pause: '2', pauseUnit: 'hours', failureThresholdPercent: '100' }), { type: 'waves', waveSize: { percent: 12.5 }, pauseMs: 7_200_000, failureThresholdPercent: 100 }],
    [waves({ pause: '0' }), { type: 'waves', waveSize: { percent: 25 }, pauseMs: 0, failureThresholdPercent: 10 }],
  ])('builds the API body %#', (form, strategy) => {
    expect(strategyFromForm(form)).toEqual({ strategy });
  });

  it.each([
    [{ sizeKind: 'count' as const, size: '0' }, 'waveSize', /whole number of gateways/],
    [{ sizeKind: 'count' as const, size: '2.5' }, 'waveSize', /whole number/],
    [{ sizeKind: 'count' as const, size: '1000001' }, 'waveSize', /1,000,000/],
    [{ sizeKind: 'percent' as const, size: '0' }, 'waveSize', /above 0/],
    [{ sizeKind: 'percent' as const, size: '101' }, 'waveSize', /at most 100/],
    [{ size: '' }, 'waveSize', /percentage/],
    [{ pause: '-1' }, 'pause', /0 or more/],
    [{ pause: '8', pauseUnit: 'hours' as const }, 'pause', undefined],
    [{ pause: '169', pauseUnit: 'hours' as const }, 'pause', /7 days/],
    [{ pause: 'soon' }, 'pause', /0 or more/],
    [{ failureThresholdPercent: '150' }, 'failureThresholdPercent', /0 to 100/],
    [{ failureThresholdPercent: '' }, 'failureThresholdPercent', /0 to 100/],
  ])('names the field of a bad value %#', (patch, field, message) => {
    const result = strategyFromForm(waves(patch));
    const errors = (result.errors ?? {}) as Record<string, string | undefined>;
    if (message === undefined) expect(errors[field]).toBeUndefined();
    else expect(errors[field]).toMatch(message);
  });

  it('reports every bad field at once', () => {
    const result = strategyFromForm(waves({ size: '0', pause: '-3', failureThresholdPercent: '-1' }));
    expect(Object.keys(result.errors ?? {}).sort()).toEqual(['failureThresholdPercent', 'pause', 'waveSize']);
  });
});

describe('formFromStrategy', () => {
  it.each([
    { type: 'waves' as const, waveSize: { count: 3 }, pauseMs: 90_000, failureThresholdPercent: 5 },
    { type: 'waves' as const, waveSize: { percent: 10 }, pauseMs: 3_600_000, failureThresholdPercent: 20 },
    { type: 'waves' as const, waveSize: { percent: 50 }, pauseMs: 0, failureThresholdPercent: 0 },
    { type: 'all-at-once' as const },
  ])('round-trips %j through the form', (strategy) => {
    expect(strategyFromForm(formFromStrategy(strategy))).toEqual({ strategy });
  });

  it('picks the largest unit that divides the pause', () => {
    expect(formFromStrategy({ type: 'waves', waveSize: { count: 1 }, pauseMs: 7_200_000, failureThresholdPercent: 0 })).toMatchObject({ pause: '2', pauseUnit: 'hours' });
    expect(formFromStrategy({ type: 'waves', waveSize: { count: 1 }, pauseMs: 300_000, failureThresholdPercent: 0 })).toMatchObject({ pause: '5', pauseUnit: 'minutes' });
    expect(formFromStrategy({ type: 'waves', waveSize: { count: 1 }, pauseMs: 90_000, failureThresholdPercent: 0 })).toMatchObject({ pause: '90', pauseUnit: 'seconds' });
  });
});

describe('describing a strategy', () => {
  it.each([
    [{ type: 'all-at-once' as const }, 'all at once'],
    [{ type: 'waves' as const, waveSize: { percent: 25 }, pauseMs: 300_000, failureThresholdPercent: 10 }, 'waves of 25%, 5 min apart, halt above 10% failed'],
    [{ type: 'waves' as const, waveSize: { count: 1 }, pauseMs: 0, failureThresholdPercent: 0 }, 'waves of 1 gateway, no pause, halt above 0% failed'],
  ])('%j reads "%s"', (strategy, text) => {
    expect(describeStrategy(strategy)).toBe(text);
  });

  it.each([
    [0, 'no pause'],
    [45_000, '45 s'],
    [90_000, '1 min 30 s'],
    [3_600_000, '1 h'],
    [5_400_000, '1 h 30 min'],
  ])('formats a pause of %i ms as "%s"', (ms, text) => {
    expect(formatPause(ms)).toBe(text);
  });

  it('counts waves as the controller splits them', () => {
    const percent = { type: 'waves' as const, waveSize: { percent: 25 }, pauseMs: 0, failureThresholdPercent: 0 };
    expect(plannedWaves(percent, 10)).toBe(4);
    expect(plannedWaves(percent, 2)).toBe(2);
    expect(plannedWaves({ ...percent, waveSize: { count: 5 } }, 12)).toBe(3);
    expect(plannedWaves({ type: 'all-at-once' }, 12)).toBe(1);
    expect(plannedWaves({ type: 'all-at-once' }, 0)).toBe(0);
  });
});
