import { describe, expect, it } from 'vitest';
import type { Deployment } from '../deployments/deployment.entity.js';
import { admittedDeployments, toRollout, type TargetRow } from './admission.js';

function row(id: string, overrides: Partial<Deployment> = {}): Deployment {
  return {
    id,
    appId: 'thermo',
    releaseId: 'thermo@1',
    selector: 'site=berlin',
    priority: 0,
    strategy: { type: 'waves', waveSize: { count: 2 }, pauseMs: 0, failureThresholdPercent: 10 },
    healthyWithinMs: null,
    phase: 'rolling',
    currentWave: 1,
    phaseReason: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    rowVersion: 1,
    ...overrides,
  };
}

const rollouts = (...deployments: Deployment[]) => new Map(deployments.map((deployment) => [deployment.id, toRollout(deployment)]));
const target = (deploymentId: string, wave: number, status: TargetRow['status']): TargetRow => ({ deploymentId, wave, status });

describe('admittedDeployments', () => {
  it.each<[string, Deployment, TargetRow | undefined, boolean]>([
    ['a targeted row of the current wave', row('d1'), target('d1', 1, 'targeted'), true],
    ['a converged row of an earlier wave', row('d1', { currentWave: 2 }), target('d1', 1, 'converged'), true],
    ['a pending row of a later wave', row('d1'), target('d1', 2, 'pending'), false],
    ['a superseded row of a wave not admitted yet', row('d1'), target('d1', 2, 'superseded'), false],
    ['a superseded row of an admitted wave (it wins again once the other goes)', row('d1'), target('d1', 1, 'superseded'), true],
    ['no row: the rollout never selected the gateway', row('d1'), undefined, false],
    ['a paused rollout, admitted row', row('d1', { phase: 'paused' }), target('d1', 1, 'acked'), true],
    ['a halted rollout, admitted row', row('d1', { phase: 'halted' }), target('d1', 1, 'failed'), true],
    ['a complete rollout', row('d1', { phase: 'complete', currentWave: 3 }), target('d1', 3, 'converged'), true],
    ['a rolled-back deployment', row('d1', { phase: 'rolled-back' }), target('d1', 1, 'converged'), false],
  ])('%s: admitted %s', (_name, deployment, targetRow, expected) => {
    const admitted = admittedDeployments(targetRow === undefined ? [] : [targetRow], rollouts(deployment));
    expect(admitted.map((item) => item.id)).toEqual(expected ? ['d1'] : []);
  });

  it('maps every admitted deployment as active, with its parsed selector and health deadline', () => {
    const admitted = admittedDeployments([target('d1', 1, 'acked'), target('d2', 1, 'targeted')], rollouts(row('d1', { phase: 'halted', healthyWithinMs: 30_000 }), row('d2', { priority: 5 })));
    expect(admitted).toEqual([
      expect.objectContaining({ id: 'd1', state: 'active', healthyWithinMs: 30_000, selector: [{ op: '=', key: 'site', value: 'berlin' }] }),
      expect.objectContaining({ id: 'd2', state: 'active', priority: 5 }),
    ]);
    expect(admitted[1]).not.toHaveProperty('healthyWithinMs');
  });

  it('ignores rows of deployments it was not given (deleted meanwhile)', () => {
    expect(admittedDeployments([target('gone', 1, 'targeted')], rollouts(row('d1')))).toEqual([]);
  });
});
