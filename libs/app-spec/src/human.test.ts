import { describe, expect, it } from 'vitest';
import { humanBytes, humanCpus } from './human.js';

describe('humanBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1000, '1000 bytes'],
    [1024, '1 KiB'],
    [512 * 2 ** 20, '512 MiB'],
    [1.5 * 2 ** 30, '1.5 GiB'],
    [312.25 * 2 ** 20, '312.3 MiB'],
    [3 * 2 ** 40, '3 TiB'],
  ])('writes %i as %s', (bytes, text) => {
    expect(humanBytes(bytes)).toBe(text);
  });
});

describe('humanCpus', () => {
  it.each([
    [250_000_000, '0.25 CPU'],
    [1_000_000_000, '1 CPU'],
    [2_500_000_000, '2.5 CPUs'],
  ])('writes %i as %s', (nano, text) => {
    expect(humanCpus(nano)).toBe(text);
  });
});
