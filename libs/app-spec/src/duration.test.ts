import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['1h2m', 3_720_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['1h', 3_600_000],
    ['2m', 120_000],
    ['0', 0],
    ['0s', 0],
    ['1000000ns', 1],
    ['10s500ms', 10_500],
    [1500, 1500],
  ])('reads %j as %d ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: ms });
  });

  it.each(['soon', '', '30', '1d', '-5s', 's', '1m 30s', '1.2.3s', '5sec'])('refuses %j with an example', (input) => {
    const result = parseDuration(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/duration/);
  });

  it('refuses durations finer than a millisecond rather than rounding them', () => {
    expect(parseDuration('1500us')).toEqual({
      ok: false,
      message: '"1500us" is finer than a millisecond; Gantry keeps durations in whole milliseconds',
    });
  });

  it('refuses negative or fractional millisecond counts', () => {
    expect(parseDuration(-1).ok).toBe(false);
    expect(parseDuration(1.5).ok).toBe(false);
  });
});

describe('duration properties', () => {
  it('reads back every duration it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, value: ms });
      }),
    );
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const result = parseDuration(text);
        if (result.ok) expect(Number.isSafeInteger(result.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [3_720_000, '1h2m'],
    [3_723_004, '1h2m3s4ms'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
