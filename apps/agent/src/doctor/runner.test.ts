import { describe, expect, it } from 'vitest';
import { memoryHost } from './fixtures/memory-host.js';
import { ok, warn } from './report.js';
import { DoctorReportSchema } from './report.js';
import { runDoctor, type DoctorCheck } from './runner.js';

const passing: DoctorCheck = { name: 'passing', title: 'passing', run: async () => ok('fine') };
const warning: DoctorCheck = { name: 'warning', title: 'warning', run: async () => warn('not great', 'do this') };
const throwing: DoctorCheck = {
  name: 'throwing',
  title: 'throwing',
  run: async () => {
    throw new Error('/proc/self/mountinfo is missing');
  },
};
const hanging: DoctorCheck = {
  name: 'hanging',
  title: 'hanging',
  run: (_ctx, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
};

describe('runDoctor', () => {
  it('fails a check that throws or overruns its time, runs the others, and counts', async () => {
    const report = await runDoctor(memoryHost([], {}), {
      checks: [passing, throwing, hanging, warning],
      agentVersion: '0.1.0',
      timeoutMs: 50,
      now: () => new Date('2026-05-01T10:00:00Z'),
    });

    expect(DoctorReportSchema.parse(report)).toEqual(report);
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['passing', 'ok'],
      ['throwing', 'fail'],
      ['hanging', 'fail'],
      ['warning', 'warn'],
    ]);
    expect(report.checks[1]?.found).toBe('could not complete: /proc/self/mountinfo is missing');
    expect(report.checks[2]?.found).toBe('did not finish within 0.05 s');
    expect(report.summary).toEqual({ ok: 1, warn: 1, fail: 2 });
    expect(report.createdAt).toBe('2026-05-01T10:00:00.000Z');
  });
});
