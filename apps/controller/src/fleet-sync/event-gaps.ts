/** A run of sequence numbers that never arrived: `from..to`, both included. */
export interface SeqGap {
  from: number;
  to: number;
}

/**
 * The gaps among `present` sequence numbers between `after` (exclusive, the last one known
 * before) and the highest present one. Pure; `present` may be unsorted and repeat.
 */
export function findGaps(after: number, present: Iterable<number>): SeqGap[] {
  const sorted = [...new Set(present)].filter((seq) => seq > after).sort((a, b) => a - b);
  const gaps: SeqGap[] = [];
  let previous = after;
  for (const seq of sorted) {
    if (seq > previous + 1) gaps.push({ from: previous + 1, to: seq - 1 });
    previous = seq;
  }
  return gaps;
}

/** What is left of `gap` once `arrived` sequence numbers are filled in. */
export function remainingGaps(gap: SeqGap, arrived: Iterable<number>): SeqGap[] {
  const inside = new Set([...arrived].filter((seq) => seq >= gap.from && seq <= gap.to));
  if (inside.size === 0) return [gap];
  const remaining: SeqGap[] = [];
  let start: number | undefined;
  for (let seq = gap.from; seq <= gap.to + 1; seq++) {
    const missing = seq <= gap.to && !inside.has(seq);
    if (missing && start === undefined) start = seq;
    if (!missing && start !== undefined) {
      remaining.push({ from: start, to: seq - 1 });
      start = undefined;
    }
  }
  return remaining;
}
