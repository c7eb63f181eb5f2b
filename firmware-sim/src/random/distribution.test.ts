import { describe, expect, it } from 'vitest';
import { distributionProblem, sample, type Distribution } from './distribution.js';
import { mulberry32, randomHex, seededRandom, seedFromText } from './prng.js';

function draws(distribution: Distribution, n = 2_000, seed = 7): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => sample(distribution, random));
}

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = seededRandom('gw-1');
    const b = seededRandom('gw-1');
    const c = seededRandom('gw-2');
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    expect(seedFromText('gw-1')).toBe(seedFromText('gw-1'));
  });

  it('stays in [0, 1) and spreads over it', () => {
    const random = mulberry32(1);
    const values = Array.from({ length: 10_000 }, random);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('makes lower-case hex of the length asked', () => {
    expect(randomHex(mulberry32(3), 64)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('sample', () => {
  it('gives a plain number and a fixed value as they are', () => {
    expect(draws(250, 3)).toEqual([250, 250, 250]);
    expect(draws({ kind: 'fixed', value: 9 }, 2)).toEqual([9, 9]);
  });

  it('keeps a uniform within its bounds', () => {
    const values = draws({ kind: 'uniform', min: 100, max: 200 });
    expect(Math.min(...values)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...values)).toBeLessThan(200);
  });

  it('centres a normal on its mean and clamps it to min and max', () => {
    const values = draws({ kind: 'normal', mean: 500, stdDev: 100, min: 400, max: 560 });
    expect(Math.min(...values)).toBe(400);
    expect(Math.max(...values)).toBe(560);
    const unclamped = draws({ kind: 'normal', mean: 500, stdDev: 100 });
    const mean = unclamped.reduce((a, b) => a + b, 0) / unclamped.length;
    expect(Math.abs(mean - 500)).toBeLessThan(10);
  });

  it('puts half of a lognormal below its median', () => {
    const values = draws({ kind: 'lognormal', median: 1_000, sigma: 0.5 });
    const below = values.filter((v) => v < 1_000).length / values.length;
    expect(below).toBeGreaterThan(0.45);
    expect(below).toBeLessThan(0.55);
    expect(Math.min(...values)).toBeGreaterThan(0);
  });

  it('names what is wrong with a distribution', () => {
    expect(distributionProblem({ kind: 'uniform', min: 5, max: 1 }, 'startMs')).toBe('startMs: a uniform needs 0 ≤ min ≤ max');
    expect(distributionProblem(-1, 'createMs')).toBe('createMs: must be a number ≥ 0');
    expect(distributionProblem({ kind: 'lognormal', median: 0, sigma: 1 }, 'x')).toMatch(/median > 0/);
    expect(distributionProblem({ kind: 'normal', mean: 1, stdDev: 1, min: 3, max: 2 }, 'x')).toBe('x: min is above max');
    expect(distributionProblem({ kind: 'normal', mean: 1, stdDev: 1 }, 'x')).toBeUndefined();
  });
});
