import { describe, expect, it } from 'vitest';
import { memoryUnit, niceStep, ticksFor, timeTicks } from './chart-ticks';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

describe('niceStep', () => {
  it.each([
    [1.65, 0.5],
    [4, 1],
    [9, 2.5],
    [384, 100],
    [0.3, 0.1],
  ])('splits %s into round steps of %s', (span, step) => {
    expect(niceStep(span)).toBeCloseTo(step);
  });
});

describe('ticksFor', () => {
  it('ticks a 1.6 GiB memory axis every 0.5 GiB', () => {
    expect(ticksFor(1.6 * GIB, memoryUnit(1.6 * GIB))).toEqual([0, 0.5, 1, 1.5, 2].map((gib) => Math.round(gib * GIB)));
  });

  it('ticks a 141 MiB axis every 50 MiB and reaches past the peak', () => {
    expect(ticksFor(141 * MIB, memoryUnit(141 * MIB))).toEqual([0, 50, 100, 150].map((mib) => mib * MIB));
  });

  it('ticks a 3.3 CPU axis every CPU', () => {
    expect(ticksFor(3.3e9, 1e9)).toEqual([0, 1e9, 2e9, 3e9, 4e9]);
  });

  it('still gives an axis for nothing measured', () => {
    expect(ticksFor(0, 1e9)).toEqual([0, 1e9]);
  });
});

describe('timeTicks', () => {
  const at = (time: string) => Date.parse(`2026-01-01T${time}:00.000Z`);

  it('ticks an hour every 10 minutes on the round minute', () => {
    expect(timeTicks([at('11:03'), at('12:03')])).toEqual(['11:10', '11:20', '11:30', '11:40', '11:50', '12:00'].map(at));
  });

  it('ticks a day every 4 hours', () => {
    expect(timeTicks([at('00:30'), at('00:30') + 24 * 3_600_000])).toHaveLength(6);
    expect(timeTicks([at('00:30'), at('00:30') + 24 * 3_600_000])[0]).toBe(at('04:00'));
  });
});
