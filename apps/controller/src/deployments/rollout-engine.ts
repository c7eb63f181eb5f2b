import { matches, parseSelector } from '@gantry/fleet';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Subscription } from 'rxjs';
import { In, LessThanOrEqual, Not, type Repository } from 'typeorm';
import { z } from 'zod';
import type { ControllerConfig } from '../config.js';
import { CONTROLLER_CONFIG } from '../config.module.js';
import { DesiredStateService } from '../desired-state/desired-state.service.js';
import { FleetWriter } from '../database/fleet-writer.js';
import { Device } from '../devices/device.entity.js';
import { FleetEvents, type FleetEvent } from '../fleet-events/fleet-events.js';
import { DeploymentTarget, TARGET_STATUSES, type TargetStatus } from './deployment-target.entity.js';
import { Deployment } from './deployment.entity.js';
import { SpacedTask } from './spaced-task.js';

/**
 * Between the end of a tick and the next: at least 100 ms, and nine times as long as the tick
 * took, at most 2 s. A tick counts every row of each rolling deployment's wave, so on a large
 * fleet it costs milliseconds, and during a fan-out every batch of reports asks for one.
 */
const TICK_SPACING = { minRestMs: 100, restPerRunMs: 9, maxRestMs: 2_000 };

/** Statuses after which a gateway's part in a wave is decided. */
const SETTLED: ReadonlySet<TargetStatus> = new Set(['converged', 'failed', 'rolled-back', 'superseded']);

const WaveCountSchema = z.object({ status: z.enum(TARGET_STATUSES), count: z.coerce.number() });
const MaxWaveSchema = z.object({ last: z.coerce.number().nullable() });

/**
 * Moves rollouts along: admits the next wave once the current one settled and its pause
 * passed, halts a rollout whose wave failed beyond its threshold, completes it after the
 * last wave; and keeps each deployment's gateways in step with labels (a gateway that
 * starts matching joins, one that stops matching leaves). Every replica ticks; a wave
 * advances only through a conditional update of the deployment's `row_version`.
 */
@Injectable()
export class RolloutEngine implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RolloutEngine.name);
  private timer: NodeJS.Timeout | undefined;
  private subscription: Subscription | undefined;
  private readonly ticks = new SpacedTask(() => this.tick(), { ...TICK_SPACING, onError: (error) => this.logger.error(`rollout tick failed: ${describe(error)}`) });
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @InjectRepository(Deployment) private readonly deployments: Repository<Deployment>,
    @InjectRepository(DeploymentTarget) private readonly targets: Repository<DeploymentTarget>,
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @Inject(DesiredStateService) private readonly desiredState: DesiredStateService,
    @Inject(FleetWriter) private readonly writer: FleetWriter,
    @Inject(FleetEvents) private readonly events: FleetEvents,
    @Inject(CONTROLLER_CONFIG) private readonly config: ControllerConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.nudge(), this.config.rolloutTickMs);
    this.subscription = this.events.stream.subscribe((event) => this.react(event));
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.subscription?.unsubscribe();
    await Promise.allSettled([...this.inFlight, this.ticks.stop()]);
  }

  /** Asks for a tick soon (see `TICK_SPACING`); ticks never overlap. */
  nudge(): void {
    this.ticks.request();
  }

  /** Advances every rolling deployment by at most one step. */
  async tick(now: Date = new Date()): Promise<void> {
    const rolling = await this.deployments.findBy({ phase: 'rolling' });
    for (const deployment of rolling) await this.advance(deployment, now);
  }

  /**
   * Resumes a halted rollout, overriding the gate of the wave that failed: in the same
   * conditional update it rolls again and admits the next wave (or completes, if that
   * was the last), so no tick can judge the failed wave again in between. False when the
   * deployment changed since `halted` was read.
   */
  async resumeHalted(halted: Deployment, now: Date = new Date()): Promise<boolean> {
    if (halted.currentWave >= (await this.lastWave(halted.id))) return this.moveTo(halted, { phase: 'complete', phaseReason: null }, now);
    return this.admitWave(halted, halted.currentWave + 1, now, { phase: 'rolling', phaseReason: null });
  }

  /** Brings one gateway's rows in line with its labels, then recompiles it. */
  async syncMembership(deviceId: string, now: Date = new Date()): Promise<void> {
    const device = await this.devices.findOne({ where: { id: deviceId }, select: { id: true, labels: true, revokedAt: true } });
    const deployments = await this.deployments.findBy({ phase: Not('rolled-back') });
    const rows = new Map((await this.targets.findBy({ deviceId })).map((row) => [row.deploymentId, row]));
    const changed: string[] = [];
    await this.writer.run(async (manager) => {
      for (const deployment of deployments) {
        const parsed = parseSelector(deployment.selector);
        const isSelected = device !== null && device.revokedAt === null && parsed.ok && matches(parsed.selector, device.labels);
        if (isSelected && !rows.has(deployment.id)) {
          // A rollout that may admit more takes the gateway into its current wave; a paused or halted one holds it for the next.
          const isHeld = deployment.phase === 'paused' || deployment.phase === 'halted';
          const row: DeploymentTarget = { deploymentId: deployment.id, deviceId, wave: deployment.currentWave + (isHeld ? 1 : 0), status: isHeld ? 'pending' : 'targeted', desiredVersion: null, reason: null, updatedAt: now };
          await manager.createQueryBuilder().insert().into(DeploymentTarget).values(row).orIgnore().execute();
          changed.push(deployment.id);
        } else if (!isSelected && rows.has(deployment.id)) {
          await manager.delete(DeploymentTarget, { deploymentId: deployment.id, deviceId });
          changed.push(deployment.id);
        }
      }
    });
    await this.desiredState.recompile([deviceId]);
    for (const deploymentId of changed) this.events.emit({ type: 'deployment.changed', deploymentId });
    if (changed.length > 0) this.nudge();
  }

  private react(event: FleetEvent): void {
    if (event.type !== 'device.labels-changed' && event.type !== 'device.enrolled' && event.type !== 'device.revoked') return;
    const work = this.syncMembership(event.deviceId).catch((error: unknown) => this.logger.error(`rollout membership of ${event.deviceId} after ${event.type} failed: ${describe(error)}`));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async advance(deployment: Deployment, now: Date): Promise<void> {
    await this.admitHeldRows(deployment);
    const counts = await this.waveCounts(deployment.id, deployment.currentWave);
    const inWave = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const unsettled = [...counts].filter(([status]) => !SETTLED.has(status)).reduce((sum, [, count]) => sum + count, 0);
    if (unsettled > 0) return;

    const { strategy } = deployment;
    const failed = (counts.get('failed') ?? 0) + (counts.get('rolled-back') ?? 0);
    const judged = inWave - (counts.get('superseded') ?? 0);
    if (strategy.type === 'waves' && judged > 0 && (failed * 100) / judged > strategy.failureThresholdPercent) {
      const percent = Math.round((failed * 1000) / judged) / 10;
      const reason =
        `wave ${deployment.currentWave}: ${failed} of ${judged} gateways failed or rolled back (${percent}%), above the ${strategy.failureThresholdPercent}% threshold; ` +
        `no further waves are started. Roll back with POST /api/v1/deployments/${deployment.id}/rollback, or resume to start the next wave anyway`;
      await this.moveTo(deployment, { phase: 'halted', phaseReason: reason }, now);
      return;
    }
    if (deployment.currentWave >= (await this.lastWave(deployment.id))) {
      await this.moveTo(deployment, { phase: 'complete', phaseReason: null }, now);
      return;
    }
    const pauseMs = strategy.type === 'waves' ? strategy.pauseMs : 0;
    const settledAt = (await this.targets.findOne({ where: { deploymentId: deployment.id, wave: deployment.currentWave }, order: { updatedAt: 'DESC' } }))?.updatedAt ?? deployment.updatedAt;
    if (now.getTime() - settledAt.getTime() < pauseMs) return;
    await this.admitWave(deployment, deployment.currentWave + 1, now);
  }

  /** Opens wave `wave`: the deployment moves first (conditionally), its rows with it, then their gateways are recompiled. */
  private async admitWave(deployment: Deployment, wave: number, now: Date, phase: Partial<Pick<Deployment, 'phase' | 'phaseReason'>> = {}): Promise<boolean> {
    const admitted = await this.writer.run(async (manager) => {
      const moved = await manager.update(
        Deployment,
        { id: deployment.id, rowVersion: deployment.rowVersion },
        { ...phase, currentWave: wave, updatedAt: now, rowVersion: deployment.rowVersion + 1 },
      );
      if (moved.affected !== 1) return undefined;
      const rows = await manager.find(DeploymentTarget, { where: { deploymentId: deployment.id, wave, status: 'pending' }, select: { deviceId: true } });
      await manager.update(DeploymentTarget, { deploymentId: deployment.id, wave, status: 'pending' }, { status: 'targeted', updatedAt: now });
      return rows.map((row) => row.deviceId);
    });
    // Another replica moved it first and takes care of the wave.
    if (admitted === undefined) return false;
    await this.desiredState.recompile(admitted);
    this.events.emit({ type: 'deployment.changed', deploymentId: deployment.id });
    return true;
  }

  /**
   * Rows of admitted waves still `pending`: left behind if a process stopped between moving
   * a deployment to its next wave and updating the wave's rows. Admitting them is idempotent.
   */
  private async admitHeldRows(deployment: Deployment): Promise<void> {
    const held = await this.targets.find({ where: { deploymentId: deployment.id, wave: LessThanOrEqual(deployment.currentWave), status: 'pending' }, select: { deviceId: true } });
    if (held.length === 0) return;
    const ids = held.map((row) => row.deviceId);
    await this.targets.update({ deploymentId: deployment.id, deviceId: In(ids), status: 'pending' }, { status: 'targeted', updatedAt: new Date() });
    await this.desiredState.recompile(ids);
  }

  private async moveTo(deployment: Deployment, change: Pick<Deployment, 'phase' | 'phaseReason'>, now: Date): Promise<boolean> {
    const moved = await this.deployments.update(
      { id: deployment.id, rowVersion: deployment.rowVersion },
      { ...change, updatedAt: now, rowVersion: deployment.rowVersion + 1 },
    );
    if (moved.affected !== 1) return false;
    if (change.phase === 'halted') this.logger.warn(`deployment ${deployment.id} halted: ${change.phaseReason ?? ''}`);
    this.events.emit({ type: 'deployment.changed', deploymentId: deployment.id });
    return true;
  }

  private async waveCounts(deploymentId: string, wave: number): Promise<Map<TargetStatus, number>> {
    const raw: unknown[] = await this.targets
      .createQueryBuilder('target')
      .select('target.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where({ deploymentId, wave })
      .groupBy('target.status')
      .getRawMany();
    return new Map(raw.map((row) => WaveCountSchema.parse(row)).map((row) => [row.status, row.count]));
  }

  private async lastWave(deploymentId: string): Promise<number> {
    const raw: unknown = await this.targets.createQueryBuilder('target').select('MAX(target.wave)', 'last').where({ deploymentId }).getRawOne();
    return MaxWaveSchema.parse(raw ?? { last: null }).last ?? 0;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
