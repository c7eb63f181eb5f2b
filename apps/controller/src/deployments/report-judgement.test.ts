import type { AppStatus, ReportedState } from '@gantry/protocol';
import { describe, expect, it } from 'vitest';
import { judgeReports, type TrackedRow } from './report-judgement.js';

function row(deviceId: string, overrides: Partial<TrackedRow> = {}): TrackedRow {
  return { deploymentId: 'dep-1', deviceId, appId: 'thermo', releaseId: 'thermo@2', status: 'targeted', desiredVersion: 3, reason: null, ...overrides };
}

function report(ackedVersion: number, appState: AppStatus['state'] | undefined): ReportedState {
  const apps: Record<string, AppStatus> =
    appState === undefined
      ? {}
      : {
          thermo: {
            state: appState,
            releaseId: 'thermo@2',
            lastGoodReleaseId: 'thermo@2',
            services: { main: { state: 'running', health: 'none', releaseId: 'thermo@2', containerId: 'abcdef123456', restartCount: 0, caps: null, lastError: null } },
          },
        };
  return { ackedVersion, ackedHash: null, target: { version: ackedVersion, state: 'converged' }, apps, gateway: { allocatable: { nanoCpus: 1_000_000_000, memoryBytes: 1_073_741_824 } } };
}

describe('judgeReports', () => {
  it('moves each gateway’s rows from what its own report shows', () => {
    const moves = judgeReports([row('gw-1'), row('gw-2'), row('gw-3', { status: 'acked' })], [
      { deviceId: 'gw-1', reported: report(3, 'applying') },
      { deviceId: 'gw-2', reported: report(3, 'running') },
      { deviceId: 'gw-3', reported: report(3, 'applying') },
    ]);
    expect(moves).toEqual([
      { deploymentId: 'dep-1', deviceId: 'gw-1', from: 'targeted', status: 'acked', reason: null },
      { deploymentId: 'dep-1', deviceId: 'gw-2', from: 'targeted', status: 'converged', reason: null },
    ]);
  });

  it('judges two reports of one gateway in arrival order, the second from where the first left the row', () => {
    const report1 = { deviceId: 'gw-1', reported: report(3, 'applying') };
    const report2 = { deviceId: 'gw-1', reported: report(3, 'running') };
    expect(judgeReports([row('gw-1')], [report1, report2])).toEqual([
      { deploymentId: 'dep-1', deviceId: 'gw-1', from: 'targeted', status: 'acked', reason: null },
      { deploymentId: 'dep-1', deviceId: 'gw-1', from: 'acked', status: 'converged', reason: null },
    ]);
    expect(judgeReports([row('gw-1')], [report2, report1])).toEqual([
      { deploymentId: 'dep-1', deviceId: 'gw-1', from: 'targeted', status: 'converged', reason: null },
      { deploymentId: 'dep-1', deviceId: 'gw-1', from: 'converged', status: 'acked', reason: null },
    ]);
  });

  it('leaves rows alone that a report does not change, and gateways without rows', () => {
    expect(judgeReports([row('gw-1', { desiredVersion: null }), row('gw-2', { status: 'converged' })], [
      { deviceId: 'gw-1', reported: report(3, 'running') },
      { deviceId: 'gw-2', reported: report(3, 'running') },
      { deviceId: 'gw-9', reported: report(3, 'running') },
    ])).toEqual([]);
  });
});
