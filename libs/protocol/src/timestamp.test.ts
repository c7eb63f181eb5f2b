import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimestamp, TimestampSchema } from './index.js';

// ECMAScript's time range: ±8.64e15 ms around 1970.
const MAX_TIME_MS = 8.64e15;

describe('isoTimestamp', () => {
  it('writes every time as Date#toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_TIME_MS, max: MAX_TIME_MS }), (ms) => {
        expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
        expect(isoTimestamp(new Date(ms))).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5_000 },
    );
  });

  it('writes the edges of the four-digit years, leap days and the epoch exactly', () => {
    for (const text of ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2024-02-29T12:00:00.007Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z']) {
      expect(isoTimestamp(Date.parse(text))).toBe(text);
    }
    expect(isoTimestamp(Date.UTC(10_000, 0, 1))).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoTimestamp(Date.UTC(-1, 0, 1))).toBe('-000001-01-01T00:00:00.000Z');
  });

  it('stamps the current time when given none, in the protocol’s timestamp form', () => {
    const before = Date.now();
    const stamped = isoTimestamp();
    expect(TimestampSchema.safeParse(stamped).success).toBe(true);
    expect(Date.parse(stamped)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stamped)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses an invalid date as toISOString does', () => {
    expect(() => isoTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => isoTimestamp(new Date('not a date'))).toThrow(RangeError);
  });
});
