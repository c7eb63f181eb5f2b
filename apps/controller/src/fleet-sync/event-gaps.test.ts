import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findGaps, remainingGaps } from './event-gaps.js';

describe('findGaps', () => {
  it('finds nothing in a consecutive run after the last known', () => {
    expect(findGaps(4, [5, 6, 7])).toEqual([]);
  });

  it('finds the run before the batch and the runs inside it', () => {
    expect(findGaps(2, [6, 7, 9, 12])).toEqual([
      { from: 3, to: 5 },
      { from: 8, to: 8 },
      { from: 10, to: 11 },
    ]);
  });

  it('ignores what is at or below the last known, and duplicates', () => {
    expect(findGaps(10, [3, 10, 11, 11, 13])).toEqual([{ from: 12, to: 12 }]);
  });
});

describe('remainingGaps', () => {
  it('splits a gap around the numbers that arrived late', () => {
    expect(remainingGaps({ from: 3, to: 9 }, [3, 5, 6, 9, 40])).toEqual([
      { from: 4, to: 4 },
      { from: 7, to: 8 },
    ]);
    expect(remainingGaps({ from: 3, to: 5 }, [3, 4, 5])).toEqual([]);
    expect(remainingGaps({ from: 3, to: 5 }, [1, 7])).toEqual([{ from: 3, to: 5 }]);
  });

  it('leaves exactly the numbers that did not arrive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 30 }), fc.array(fc.integer({ min: 0, max: 90 })), (from, length, arrived) => {
        const gap = { from, to: from + length };
        const left = remainingGaps(gap, arrived).flatMap(({ from: a, to: b }) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
        const expected = Array.from({ length: length + 1 }, (_, i) => from + i).filter((seq) => !arrived.includes(seq));
        expect(left).toEqual(expected);
      }),
    );
  });
});
