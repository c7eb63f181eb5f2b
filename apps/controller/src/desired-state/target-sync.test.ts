import { winningDeployments } from '@gantry/fleet';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../deployments/deployment.entity.js';
import { admittedDeployments, toRollout } from './admission.js';
import { targetChanges, type SyncedRow } from './target-sync.js';

function row(id: string, overrides: Partial<Deployment> = {}): Deployment {
  return {
    id,
    appId: 'thermo',
    releaseId: `thermo@${id}`,
    selector: 'site=berlin',
    priority: 0,
    strategy: { type: 'all-at-once' },
    healthyWithinMs: null,
    phase: 'complete',
    currentWave: 1,
    phaseReason: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    rowVersion: 1,
    ...overrides,
  };
}

const device = { id: 'gw-1', labels: { site: 'berlin' } };

/** Compiles the gateway's winners from its rows, as the service does, and returns the row changes for version 7. */
function changes(deployments: Deployment[], rows: SyncedRow[], labels = device.labels) {
  const rollouts = new Map(deployments.map((deployment) => [deployment.id, toRollout(deployment)]));
  const winners = winningDeployments({ id: device.id, labels }, admittedDeployments(rows, rollouts));
  return targetChanges(rows, rollouts, winners, 7);
}

const target = (deploymentId: string, status: SyncedRow['status'], desiredVersion: number | null = null, wave = 1): SyncedRow => ({ deploymentId, status, desiredVersion, wave });

describe('targetChanges', () => {
  it('records the version that first carries the winning release', () => {
    expect(changes([row('1')], [target('1', 'targeted')])).toEqual([{ deploymentId: '1', desiredVersion: 7 }]);
  });

  it('keeps the first version once recorded', () => {
    expect(changes([row('1')], [target('1', 'converged', 3)])).toEqual([]);
  });

  it('supersedes the loser and names the winner', () => {
    const result = changes([row('1'), row('2', { priority: 10 })], [target('1', 'converged', 3), target('2', 'targeted')]);
    expect(result).toEqual([
      { deploymentId: '1', status: 'superseded', reason: 'deployment 2 (release thermo@2, priority 10) wins app thermo on this gateway' },
      { deploymentId: '2', desiredVersion: 7 },
    ]);
  });

  it('targets a superseded row again once it wins, from the new version', () => {
    const result = changes([row('1'), row('2', { priority: 10, phase: 'rolled-back' })], [target('1', 'superseded', 3), target('2', 'converged', 5)]);
    expect(result).toEqual([{ deploymentId: '1', status: 'targeted', desiredVersion: 7, reason: null }]);
  });

  it('leaves rows of waves not admitted yet, and rows of deployments that no longer select the gateway', () => {
    expect(changes([row('1', { phase: 'rolling' })], [target('1', 'pending', null, 2)])).toEqual([]);
    expect(changes([row('1')], [target('1', 'converged', 3)], { site: 'paris' })).toEqual([]);
  });
});
