import { describe, expect, it } from 'vitest';
import type { ReportedState, ServiceStatus } from '../../api/devices';
import { serviceRows } from './service-rows';

const status = (memoryBytes: number | null): ServiceStatus => ({
  state: 'running',
  health: 'none',
  releaseId: 'thermo@1',
  containerId: 'abcdefabcdef',
  restartCount: 0,
  caps: memoryBytes === null ? null : { applied: { memoryBytes, nanoCpus: 250_000_000 }, verification: 'verified', drift: [] },
  lastError: null,
});

const reported: ReportedState = {
  ackedVersion: 1,
  ackedHash: null,
  target: { version: 1, state: 'converged' },
  apps: { vision: { state: 'running', releaseId: 'vision@1', lastGoodReleaseId: null, services: { detector: status(null) } }, thermo: { state: 'running', releaseId: 'thermo@1', lastGoodReleaseId: null, services: { reader: status(128) } } },
  gateway: { allocatable: { nanoCpus: 1, memoryBytes: 1 } },
};

const usage = (service: string, memoryBytes: number, memoryLimitBytes: number | null) => ({ app: service === 'detector' ? 'vision' : 'thermo', service, cpuNanoCpus: 9, memoryBytes, pids: 1, blkio: { readBytes: 0, writeBytes: 0 }, memoryLimitBytes });

describe('serviceRows', () => {
  it('lists services in app/service order with the newest use and the applied caps', () => {
    const rows = serviceRows(reported, [
      { ts: '2026-01-01T00:00:00.000Z', services: [usage('reader', 10, 128), usage('detector', 30, 512)] },
      { ts: '2026-01-01T00:00:10.000Z', services: [usage('reader', 11, 128)] },
    ]);
    expect(rows.map((row) => [row.key, row.memoryBytes, row.memoryCapBytes, row.cpuCapNanoCpus])).toEqual([
      ['thermo/reader', 11, 128, 250_000_000],
      // No container caps yet: the cap telemetry saw stands in.
      ['vision/detector', 30, 512, null],
    ]);
  });

  it('has no rows before the first report, and no use without telemetry', () => {
    expect(serviceRows(null, [])).toEqual([]);
    expect(serviceRows(reported, [])[0]?.memoryBytes).toBeUndefined();
  });
});
