import { randomUUID } from 'node:crypto';
import { affectedDevices, outranks, parseSelector, type Selector } from '@gantry/fleet';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type EntityManager, type Repository } from 'typeorm';
import { AppsService } from '../apps/apps.service.js';
import { toRollout, isAdmitted } from '../desired-state/admission.js';
import { DesiredStateService } from '../desired-state/desired-state.service.js';
import { FleetWriter } from '../database/fleet-writer.js';
import { Device } from '../devices/device.entity.js';
import { DomainError, DomainErrorCode } from '../domain-error.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { DeploymentTarget } from './deployment-target.entity.js';
import { Deployment, type RolloutPhase } from './deployment.entity.js';
import type { ListDeploymentsQuery, ListTargetsQuery, NewDeployment, Preview, PreviewQuery } from './deployments.schemas.js';
import { matchingDeviceIds } from './matching-devices.js';
import { RolloutEngine } from './rollout-engine.js';
import { splitIntoWaves } from './rollout-strategy.js';

/** Rows per INSERT: 7 parameters each stays well under every driver's limit. */
const INSERT_CHUNK = 500;

/** Which phases a person's action may start from. */
const ACTIONS = {
  pause: { from: ['rolling'], to: 'paused' },
  resume: { from: ['paused', 'halted'], to: 'rolling' },
  rollback: { from: ['rolling', 'paused', 'halted', 'complete'], to: 'rolled-back' },
} as const satisfies Record<string, { from: readonly RolloutPhase[]; to: RolloutPhase }>;
export type DeploymentAction = keyof typeof ACTIONS;

/** Deployments: release R of app A to the gateways a selector matches, rolled out by the engine. */
@Injectable()
export class DeploymentsService {
  constructor(
    @InjectRepository(Deployment) private readonly deployments: Repository<Deployment>,
    @InjectRepository(DeploymentTarget) private readonly targets: Repository<DeploymentTarget>,
    @Inject(AppsService) private readonly apps: AppsService,
    @Inject(DesiredStateService) private readonly desiredState: DesiredStateService,
    @Inject(FleetWriter) private readonly writer: FleetWriter,
    @Inject(RolloutEngine) private readonly engine: RolloutEngine,
    @Inject(FleetEvents) private readonly events: FleetEvents,
  ) {}

  /**
   * Selects the gateways, splits them into waves, admits the first wave and publishes its
   * gateways' new desired state before answering.
   */
  async create(input: NewDeployment, now: Date = new Date()): Promise<Deployment> {
    await this.apps.get(input.appId);
    const release = await this.apps.getRelease(input.releaseId);
    if (release.appId !== input.appId) {
      throw new DomainError(DomainErrorCode.ReleaseOfAnotherApp, `release ${release.id} is a release of app "${release.appId}", not of "${input.appId}"; pick a release of ${input.appId}`);
    }
    const deployment = this.deployments.create({
      id: randomUUID(),
      appId: input.appId,
      releaseId: input.releaseId,
      selector: input.selector,
      priority: input.priority,
      strategy: input.strategy,
      healthyWithinMs: input.healthyWithinMs ?? null,
      phase: 'rolling',
      currentWave: 1,
      phaseReason: null,
      createdAt: now,
      updatedAt: now,
      rowVersion: 1,
    });
    const firstWave = await this.writer.run(async (manager) => {
      const waves = splitIntoWaves(await matchingDeviceIds(manager, selectorOf(deployment)), deployment.strategy);
      const outranked = await this.outrankedDevices(manager, deployment);
      const rows = waves.flatMap((ids, index) =>
        ids.map((deviceId): DeploymentTarget => {
          const wave = index + 1;
          const status = outranked.has(deviceId) ? 'superseded' : wave === 1 ? 'targeted' : 'pending';
          return { deploymentId: deployment.id, deviceId, wave, status, desiredVersion: null, reason: null, updatedAt: now };
        }),
      );
      // Rows first: until the deployment row exists, every reader ignores them.
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) await manager.insert(DeploymentTarget, rows.slice(start, start + INSERT_CHUNK));
      await manager.insert(Deployment, deployment);
      return waves[0] ?? [];
    });
    await this.desiredState.recompile(firstWave);
    this.events.emit({ type: 'deployment.changed', deploymentId: deployment.id });
    this.engine.nudge();
    return deployment;
  }

  async get(id: string): Promise<Deployment> {
    const deployment = await this.deployments.findOneBy({ id });
    if (deployment === null) throw new DomainError(DomainErrorCode.DeploymentNotFound, `no deployment with id "${id}" exists; list deployments with GET /api/v1/deployments`);
    return deployment;
  }

  async list(query: ListDeploymentsQuery): Promise<{ items: Deployment[]; next: Deployment | null }> {
    const builder = this.deployments.createQueryBuilder('deployment').orderBy('deployment.createdAt', 'DESC').addOrderBy('deployment.id', 'DESC').take(query.limit + 1);
    if (query.appId !== undefined) builder.andWhere('deployment.appId = :appId', { appId: query.appId });
    if (query.phase !== undefined) builder.andWhere('deployment.phase = :phase', { phase: query.phase });
    if (query.cursor !== undefined) {
      builder.andWhere('(deployment.createdAt < :at OR (deployment.createdAt = :at AND deployment.id < :id))', { at: query.cursor.createdAt, id: query.cursor.id });
    }
    const rows = await builder.getMany();
    const items = rows.slice(0, query.limit);
    return { items, next: rows.length > query.limit ? (items.at(-1) ?? null) : null };
  }

  async listTargets(id: string, query: ListTargetsQuery): Promise<{ items: DeploymentTarget[]; nextCursor: string | null }> {
    await this.get(id);
    const builder = this.targets.createQueryBuilder('target').where('target.deploymentId = :id', { id }).orderBy('target.deviceId', 'ASC').take(query.limit + 1);
    if (query.status !== undefined) builder.andWhere('target.status = :status', { status: query.status });
    if (query.wave !== undefined) builder.andWhere('target.wave = :wave', { wave: query.wave });
    if (query.cursor !== undefined) builder.andWhere('target.deviceId > :cursor', { cursor: query.cursor });
    const rows = await builder.getMany();
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last !== undefined ? last.deviceId : null };
  }

  /** How many gateways a selector matches right now, for a live preview while typing one. */
  async preview(query: PreviewQuery): Promise<Preview> {
    const parsed = parseSelector(query.selector);
    const ids = parsed.ok ? await matchingDeviceIds(this.deployments.manager, parsed.selector) : [];
    return { selector: query.selector, count: ids.length, deviceIds: ids.slice(0, query.limit) };
  }

  /**
   * Pause (no new waves), resume (after a pause or a halt), or roll back: the deployment is
   * withdrawn and its gateways fall back to whatever else wins for the app, or drop it.
   */
  async act(id: string, action: DeploymentAction, now: Date = new Date()): Promise<Deployment> {
    const before = await this.get(id);
    const { from, to }: { from: readonly RolloutPhase[]; to: RolloutPhase } = ACTIONS[action];
    if (!from.includes(before.phase)) {
      throw new DomainError(DomainErrorCode.DeploymentPhaseConflict, `deployment ${id} is ${before.phase}; ${action} applies to a deployment that is ${from.join(' or ')}`);
    }
    if (action === 'resume' && before.phase === 'halted') {
      // A person overrides the failed wave's gate; a lost race is judged again from what won.
      return (await this.engine.resumeHalted(before, now)) ? this.get(id) : this.act(id, action, now);
    }
    const moved = await this.deployments.update(
      { id, rowVersion: before.rowVersion },
      { phase: to, phaseReason: action === 'rollback' ? `rolled back at ${now.toISOString()}` : null, updatedAt: now, rowVersion: before.rowVersion + 1 },
    );
    // Someone else changed it meanwhile (a tick, another replica): judge again from what they wrote.
    if (moved.affected !== 1) return this.act(id, action, now);
    const after = await this.get(id);
    if (action === 'rollback') await this.recompileFor(before, after);
    this.events.emit({ type: 'deployment.changed', deploymentId: id });
    if (action === 'resume') this.engine.nudge();
    return after;
  }

  /** Deletes the deployment and its rows; gateways it reached fall back as after a rollback. */
  async delete(id: string): Promise<void> {
    const before = await this.get(id);
    const admitted = await this.admittedDevices(before);
    await this.writer.run(async (manager) => {
      await manager.delete(DeploymentTarget, { deploymentId: id });
      await manager.delete(Deployment, { id });
    });
    await this.recompileFor(before, undefined, admitted);
    this.events.emit({ type: 'deployment.changed', deploymentId: id });
  }

  /** Gateways whose compile this deployment takes part in. */
  private async admittedDevices(deployment: Deployment): Promise<{ id: string; labels: Device['labels'] }[]> {
    const rollout = toRollout(deployment);
    const rows = (await this.targets.findBy({ deploymentId: deployment.id })).filter((row) => isAdmitted(rollout, row));
    const ids = rows.map((row) => row.deviceId);
    const devices: { id: string; labels: Device['labels'] }[] = [];
    for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
      devices.push(...(await this.deployments.manager.find(Device, { where: { id: In(ids.slice(start, start + INSERT_CHUNK)) }, select: { id: true, labels: true } })));
    }
    return devices;
  }

  /** Recompiles the gateways a change of this deployment affects: the ones it was admitted to. */
  private async recompileFor(before: Deployment, after: Deployment | undefined, admitted?: { id: string; labels: Device['labels'] }[]): Promise<void> {
    const candidates = admitted ?? (await this.admittedDevices(before));
    const change = { kind: 'deployment-changed', before: toRollout(before).deployment, ...(after === undefined ? {} : { after: toRollout(after).deployment }) } as const;
    await this.desiredState.recompile(affectedDevices(change, candidates, []));
  }

  /** Gateways where another live deployment of the same app, admitted there, outranks this one. */
  private async outrankedDevices(manager: EntityManager, deployment: Deployment): Promise<Set<string>> {
    const candidate = toRollout(deployment).deployment;
    const others = (await manager.findBy(Deployment, { appId: deployment.appId, phase: Not('rolled-back') })).map(toRollout).filter((other) => outranks(other.deployment, candidate));
    if (others.length === 0) return new Set();
    const rollouts = new Map(others.map((other) => [other.deployment.id, other]));
    const rows = await manager.find(DeploymentTarget, { where: { deploymentId: In([...rollouts.keys()]) }, select: { deploymentId: true, deviceId: true, wave: true, status: true } });
    const admitted = rows.filter((row) => {
      const rollout = rollouts.get(row.deploymentId);
      return rollout !== undefined && isAdmitted(rollout, row);
    });
    return new Set(admitted.map((row) => row.deviceId));
  }
}

function selectorOf(deployment: Deployment): Selector {
  return toRollout(deployment).deployment.selector;
}
