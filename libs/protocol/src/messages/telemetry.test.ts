import { describe, expect, it } from 'vitest';
import { SAMPLE_BODIES } from '../../test/samples.js';
import { TelemetryBatchSchema } from '../index.js';

describe('telemetry', () => {
  const [sample] = SAMPLE_BODIES.telemetry.samples;

  it('accepts samples in time order, equal times included', () => {
    const samples = [sample, sample, { ...sample, ts: '2025-03-01T12:00:10.000Z' }];
    expect(TelemetryBatchSchema.safeParse({ intervalMs: 10_000, samples }).success).toBe(true);
  });

  it('refuses samples out of time order, pointing at the first one out of place', () => {
    const samples = [{ ...sample, ts: '2025-03-01T12:00:10.000Z' }, sample];
    const parsed = TelemetryBatchSchema.safeParse({ intervalMs: 10_000, samples });
    expect(parsed.error?.issues[0]?.path).toEqual(['samples', 1, 'ts']);
  });

  it('refuses negative or fractional values', () => {
    for (const memoryBytes of [-1, 1.5]) {
      const services = [{ ...sample?.services[0], memoryBytes }];
      expect(TelemetryBatchSchema.safeParse({ intervalMs: 10_000, samples: [{ ...sample, services }] }).success).toBe(false);
    }
  });
});
