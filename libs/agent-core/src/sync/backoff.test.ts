import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelayMs } from './backoff.js';

const options = { initialMs: 1_000, maxMs: 30_000, factor: 2 };

describe('backoffDelayMs', () => {
  it.each([
    [0, 500, 1_000],
    [1, 1_000, 2_000],
    [2, 2_000, 4_000],
    [4, 8_000, 16_000],
    [5, 15_000, 30_000],
    [40, 15_000, 30_000],
  ])('retry %i waits between %i and %i ms', (attempt, low, high) => {
    expect(backoffDelayMs(attempt, options, () => 0)).toBe(low);
    expect(backoffDelayMs(attempt, options, () => 1)).toBe(high);
    const delay = backoffDelayMs(attempt, options, () => 0.37);
    expect(delay).toBeGreaterThan(low);
    expect(delay).toBeLessThan(high);
  });

  it('spreads gateways that retry at the same attempt', () => {
    const delays = new Set([0.1, 0.3, 0.5, 0.7, 0.9].map((r) => backoffDelayMs(3, options, () => r)));
    expect(delays.size).toBe(5);
  });

  it('never exceeds the cap, whatever the random source returns', () => {
    expect(backoffDelayMs(1_000, DEFAULT_BACKOFF, () => 7)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(backoffDelayMs(-3, options, () => -1)).toBe(500);
  });
});
