import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../api/commands';
import { followSince, mergeLogLines } from './log-merge';

const line = (second: number, text: string, stream: LogLine['stream'] = 'stdout'): LogLine => ({ ts: new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString(), stream, text });

describe('mergeLogLines', () => {
  it('appends only lines not shown yet when a follow answer overlaps', () => {
    const shown = [line(1, 'a'), line(2, 'b')];
    const merged = mergeLogLines(shown, [line(2, 'b'), line(3, 'c')]);
    expect(merged.map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it('keeps different lines written at the same time, and repeats of a text at other times', () => {
    const merged = mergeLogLines([line(1, 'tick')], [line(1, 'tock'), line(2, 'tick')]);
    expect(merged.map((l) => `${l.ts.slice(17, 19)} ${l.text}`)).toEqual(['01 tick', '01 tock', '02 tick']);
  });

  it('drops a line repeated inside one answer', () => {
    expect(mergeLogLines([], [line(1, 'x'), line(1, 'x')])).toHaveLength(1);
  });

  it('puts late lines in time order', () => {
    const merged = mergeLogLines([line(1, 'a'), line(5, 'e')], [line(3, 'c')]);
    expect(merged.map((l) => l.text)).toEqual(['a', 'c', 'e']);
  });

  it('keeps only the newest lines past the limit', () => {
    const merged = mergeLogLines([line(1, 'a'), line(2, 'b')], [line(3, 'c'), line(4, 'd')], 3);
    expect(merged.map((l) => l.text)).toEqual(['b', 'c', 'd']);
  });

  it('returns a new array without changing what was shown', () => {
    const shown = [line(1, 'a')];
    const merged = mergeLogLines(shown, [line(1, 'a')]);
    expect(merged).toEqual(shown);
    expect(merged).not.toBe(shown);
  });
});

describe('followSince', () => {
  it('starts the next request at the newest line shown', () => {
    expect(followSince([line(1, 'a'), line(9, 'b')])).toBe(line(9, 'b').ts);
    expect(followSince([])).toBeUndefined();
  });
});
