import type { Random } from './prng.js';

/**
 * How a simulated quantity (a duration, a size, a memory use) is drawn. A plain number is
 * that value every time. `min`/`max` clamp the tails of the unbounded ones.
 */
export type Distribution =
  | number
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; stdDev: number; min?: number; max?: number }
  | { kind: 'lognormal'; median: number; sigma: number; min?: number; max?: number };

/** Draws one value. */
export function sample(distribution: Distribution, random: Random): number {
  if (typeof distribution === 'number') return distribution;
  switch (distribution.kind) {
    case 'fixed':
      return distribution.value;
    case 'uniform':
      return distribution.min + random() * (distribution.max - distribution.min);
    case 'normal':
      return clamp(distribution.mean + distribution.stdDev * standardNormal(random), distribution.min, distribution.max);
    case 'lognormal':
      return clamp(distribution.median * Math.exp(distribution.sigma * standardNormal(random)), distribution.min, distribution.max);
  }
}

/** What is wrong with a distribution, or undefined when it can be drawn from. `what` names it in the message. */
export function distributionProblem(distribution: Distribution, what: string): string | undefined {
  const bad = (message: string) => `${what}: ${message}`;
  if (typeof distribution === 'number') return Number.isFinite(distribution) && distribution >= 0 ? undefined : bad('must be a number ≥ 0');
  switch (distribution.kind) {
    case 'fixed':
      return distribution.value >= 0 ? undefined : bad('a fixed value must be ≥ 0');
    case 'uniform':
      return distribution.min >= 0 && distribution.min <= distribution.max ? undefined : bad('a uniform needs 0 ≤ min ≤ max');
    case 'normal':
      if (!(distribution.stdDev >= 0)) return bad('a normal needs stdDev ≥ 0');
      return boundsProblem(distribution, bad);
    case 'lognormal':
      if (!(distribution.median > 0) || !(distribution.sigma >= 0)) return bad('a lognormal needs median > 0 and sigma ≥ 0');
      return boundsProblem(distribution, bad);
  }
}

function boundsProblem(d: { min?: number; max?: number }, bad: (message: string) => string): string | undefined {
  if (d.min !== undefined && d.max !== undefined && d.min > d.max) return bad('min is above max');
  return undefined;
}

// Box–Muller; 1 - u keeps the logarithm away from 0.
function standardNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function clamp(value: number, min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): number {
  return Math.min(max, Math.max(min, value));
}
