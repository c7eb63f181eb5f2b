import { describe, expect, it } from 'vitest';
import type { RolloutStrategy } from './deployment.entity.js';
import { RolloutStrategySchema, splitIntoWaves } from './rollout-strategy.js';

const ids = (count: number): string[] => Array.from({ length: count }, (_, index) => `gw-${String(index + 1).padStart(3, '0')}`);
const waves = (waveSize: { count: number } | { percent: number }): RolloutStrategy => ({ type: 'waves', waveSize, pauseMs: 0, failureThresholdPercent: 10 });

describe('splitIntoWaves', () => {
  it.each([
    ['all at once', { type: 'all-at-once' } as const, 5, [5]],
    ['count 2 of 5', waves({ count: 2 }), 5, [2, 2, 1]],
    ['count 5 of 5', waves({ count: 5 }), 5, [5]],
    ['count 10 of 3', waves({ count: 10 }), 3, [3]],
    ['25% of 10 rounds up to 3', waves({ percent: 25 }), 10, [3, 3, 3, 1]],
    ['10% of 3 is still one gateway', waves({ percent: 10 }), 3, [1, 1, 1]],
    ['50% of 4', waves({ percent: 50 }), 4, [2, 2]],
    ['100%', waves({ percent: 100 }), 7, [7]],
    ['no gateways', waves({ count: 2 }), 0, []],
    ['all at once, no gateways', { type: 'all-at-once' } as const, 0, []],
  ])('%s', (_name, strategy, total, sizes) => {
    expect(splitIntoWaves(ids(total), strategy).map((wave) => wave.length)).toEqual(sizes);
  });

  it('orders by id whatever the input order, and drops duplicates', () => {
    const shuffled = ['gw-c', 'gw-a', 'gw-e', 'gw-b', 'gw-d', 'gw-a'];
    expect(splitIntoWaves(shuffled, waves({ count: 2 }))).toEqual([['gw-a', 'gw-b'], ['gw-c', 'gw-d'], ['gw-e']]);
    expect(splitIntoWaves([...shuffled].reverse(), waves({ count: 2 }))).toEqual(splitIntoWaves(shuffled, waves({ count: 2 })));
  });
});

describe('RolloutStrategySchema', () => {
  it('accepts both kinds', () => {
    expect(RolloutStrategySchema.parse({ type: 'all-at-once' })).toEqual({ type: 'all-at-once' });
    expect(RolloutStrategySchema.parse(waves({ percent: 12.5 }))).toEqual(waves({ percent: 12.5 }));
  });

  it.each([
    [{ type: 'waves', waveSize: { count: 0 }, pauseMs: 0, failureThresholdPercent: 10 }, 'waveSize'],
    [{ type: 'waves', waveSize: { percent: 150 }, pauseMs: 0, failureThresholdPercent: 10 }, 'waveSize'],
    [{ type: 'waves', waveSize: { count: 2 }, pauseMs: -1, failureThresholdPercent: 10 }, 'pauseMs'],
    [{ type: 'waves', waveSize: { count: 2 }, pauseMs: 0 }, 'failureThresholdPercent'],
    [{ type: 'canary' }, 'type'],
  ])('refuses %j at %s', (input, field) => {
    const result = RolloutStrategySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});
