import { describe, expect, it } from 'vitest';
import type { ServiceUsage, TelemetrySample } from '../../api/telemetry';
import { gatewaySeries, peakOf, serviceSeries, typicalIntervalMs } from './telemetry-series';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds)).toISOString();
const t = (seconds: number) => Date.parse(at(seconds));
const gateway = (memoryBytes: number, cpuNanoCpus: number) => ({ cpuNanoCpus, memoryBytes, pids: 1, blkio: { readBytes: 0, writeBytes: 0 }, memoryTotalBytes: 4096 });
const service = (name: string, memoryBytes: number, memoryLimitBytes: number | null): ServiceUsage => ({
  app: 'thermo',
  service: name,
  cpuNanoCpus: 1000,
  memoryBytes,
  pids: 1,
  blkio: { readBytes: 0, writeBytes: 0 },
  memoryLimitBytes,
});

describe('typicalIntervalMs', () => {
  it('takes the median, so one long pause does not count as the rhythm', () => {
    expect(typicalIntervalMs([0, 10, 20, 30, 500])).toBe(10);
    expect(typicalIntervalMs([5])).toBeUndefined();
  });
});

describe('gatewaySeries', () => {
  it('maps samples to rows in time order and skips samples without gateway figures', () => {
    const samples: TelemetrySample[] = [
      { ts: at(0), gateway: gateway(100, 5), services: [] },
      { ts: at(10), services: [] },
      { ts: at(20), gateway: gateway(200, 7), services: [] },
    ];
    expect(gatewaySeries(samples)).toEqual([
      { t: t(0), memoryBytes: 100, cpuNanoCpus: 5 },
      { t: t(20), memoryBytes: 200, cpuNanoCpus: 7 },
    ]);
  });

  it('breaks the line where samples stopped for more than three intervals', () => {
    const samples = [0, 10, 20, 30, 100, 110].map((seconds) => ({ ts: at(seconds), gateway: gateway(seconds, 0), services: [] }));
    const rows = gatewaySeries(samples);
    expect(rows).toHaveLength(7);
    expect(rows[4]).toEqual({ t: t(65), memoryBytes: null, cpuNanoCpus: null });
    expect(rows[5]?.memoryBytes).toBe(100);
  });
});

describe('serviceSeries', () => {
  it('gives one series per service in name order with its newest memory cap', () => {
    const samples: TelemetrySample[] = [
      { ts: at(0), services: [service('uploader', 10, 100), service('reader', 20, null)] },
      { ts: at(10), services: [service('uploader', 11, 200), service('reader', 21, null)] },
    ];
    const series = serviceSeries(samples);
    expect(series.map((s) => [s.key, s.memoryLimitBytes, s.points.map((p) => p.memoryBytes)])).toEqual([
      ['thermo/reader', null, [20, 21]],
      ['thermo/uploader', 200, [10, 11]],
    ]);
  });

  it('breaks a service line where it was missing from the samples of others', () => {
    const samples: TelemetrySample[] = [0, 10, 20, 30, 40, 50, 60].map((seconds) => ({
      ts: at(seconds),
      services: seconds >= 10 && seconds <= 40 ? [service('reader', 5, null)] : [service('reader', 5, null), service('uploader', seconds, null)],
    }));
    const uploader = serviceSeries(samples).find((s) => s.service === 'uploader');
    expect(uploader?.points.map((p) => p.memoryBytes)).toEqual([0, null, 50, 60]);
  });
});

describe('peakOf', () => {
  it('ignores holes', () => {
    expect(peakOf([3, null, 9, undefined, 4])).toBe(9);
    expect(peakOf([])).toBe(0);
  });
});
