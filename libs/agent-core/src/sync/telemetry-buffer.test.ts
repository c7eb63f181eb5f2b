import type { TelemetryBatch } from '@gantry/protocol';
import { describe, expect, it } from 'vitest';
import { TelemetryBuffer } from './telemetry-buffer.js';

function batch(fromSecond: number, count: number, intervalMs = 1_000): TelemetryBatch {
  return {
    intervalMs,
    samples: Array.from({ length: count }, (_, i) => ({ ts: new Date((fromSecond + i) * 1_000).toISOString(), services: [] })),
  };
}

const seconds = (batches: TelemetryBatch[]) => batches.flatMap((b) => b.samples.map((s) => Date.parse(s.ts) / 1_000));

describe('TelemetryBuffer', () => {
  it('gives back what it was given, in order, while there is room', () => {
    const sut = new TelemetryBuffer(10);
    sut.add(batch(0, 3));
    sut.add(batch(3, 2));
    expect(seconds(sut.takeBatches())).toEqual([0, 1, 2, 3, 4]);
    expect(sut.size).toBe(0);
  });

  it('thins the oldest half when full and keeps the newest samples exact', () => {
    const sut = new TelemetryBuffer(8);
    sut.add(batch(0, 9));
    expect(seconds(sut.takeBatches())).toEqual([0, 2, 4, 5, 6, 7, 8]);
    expect(sut.thinned).toBe(2);
  });

  it('stays bounded over a long outage and still spans it', () => {
    const sut = new TelemetryBuffer(100);
    for (let s = 0; s < 10_000; s += 10) sut.add(batch(s, 10));
    const kept = seconds(sut.takeBatches());
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(9_999);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  });

  it('splits batches by interval and by the protocol limit', () => {
    const sut = new TelemetryBuffer(5_000);
    sut.add(batch(0, 1_500));
    sut.add(batch(1_500, 2, 5_000));
    expect(sut.takeBatches().map((b) => [b.intervalMs, b.samples.length])).toEqual([
      [1_000, 1_000],
      [1_000, 500],
      [5_000, 2],
    ]);
  });

  it('puts unsent batches back in front of newer samples', () => {
    const sut = new TelemetryBuffer(10);
    sut.add(batch(0, 2));
    const taken = sut.takeBatches();
    sut.add(batch(2, 1));
    sut.putBack(taken);
    expect(seconds(sut.takeBatches())).toEqual([0, 1, 2]);
  });
});
