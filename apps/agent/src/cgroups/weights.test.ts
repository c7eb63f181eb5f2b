import { describe, expect, it } from 'vitest';
import { blkioWeightToIoWeight, cpuSharesToWeight, cpuSharesToWeightQuadratic } from './weights.js';

describe('weight conversions', () => {
  it.each([
    [2, 1],
    [512, 20],
    [1024, 39],
    [262144, 10000],
  ])('runc converts %i cpu shares to cpu.weight %i', (shares, weight) => {
    expect(cpuSharesToWeight(shares)).toBe(weight);
  });

  it.each([
    [2, 1],
    [512, 59],
    [1024, 100],
    [262144, 10000],
  ])('runc 1.3.2+ converts %i cpu shares to cpu.weight %i', (shares, weight) => {
    expect(cpuSharesToWeightQuadratic(shares)).toBe(weight);
  });

  it.each([
    [10, 1],
    [500, 4950],
    [1000, 10000],
  ])('runc converts block-I/O weight %i to io.weight %i', (weight, ioWeight) => {
    expect(blkioWeightToIoWeight(weight)).toBe(ioWeight);
  });
});
