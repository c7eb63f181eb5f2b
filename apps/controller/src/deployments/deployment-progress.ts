import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Subscription } from 'rxjs';
import { In, type Repository } from 'typeorm';
import { z } from 'zod';
import { FleetEvents, type TargetTotals } from '../fleet-events/fleet-events.js';
import { Metrics } from '../metrics/metrics.js';
import { DeploymentTarget, TARGET_STATUSES } from './deployment-target.entity.js';
import { Deployment } from './deployment.entity.js';

/** Totals of one deployment: all its gateways, and per wave. */
export interface DeploymentTotals {
  totals: TargetTotals;
  waves: { wave: number; totals: TargetTotals }[];
}

// COUNT comes back as a string from PostgreSQL and as a number from SQLite.
const CountRowSchema = z.object({ deploymentId: z.string(), wave: z.coerce.number(), status: z.enum(TARGET_STATUSES), count: z.coerce.number() });

/** The most often a deployment's totals are counted and announced. */
const ANNOUNCE_EVERY_MS = 250;

export const emptyTotals = (): TargetTotals => ({ pending: 0, targeted: 0, acked: 0, converged: 0, failed: 0, 'rolled-back': 0, superseded: 0 });

/**
 * Counts each deployment's gateways per status and announces them: the
 * `gantry_deployment_targets` gauge and a `deployment.progress` event after every change.
 */
@Injectable()
export class DeploymentProgress implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeploymentProgress.name);
  private subscription: Subscription | undefined;
  private readonly scheduled = new Map<string, NodeJS.Timeout>();

  constructor(
    @InjectRepository(Deployment) private readonly deployments: Repository<Deployment>,
    @InjectRepository(DeploymentTarget) private readonly targets: Repository<DeploymentTarget>,
    @Inject(FleetEvents) private readonly events: FleetEvents,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.stream.subscribe((event) => {
      if (event.type === 'deployment.changed') {
        this.scheduleAnnounce(event.deploymentId);
      } else if (event.type === 'app.deleted') {
        this.forgetDeleted().catch((error: unknown) => this.logger.warn(`gauges of deleted deployments not removed: ${String(error)}`));
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    for (const timer of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
  }

  /**
   * Announces a deployment's progress once per `ANNOUNCE_EVERY_MS` however many of its
   * gateways changed meanwhile: counting is a scan of its rows, and during a fan-out every
   * gateway's ack changes one, so counting per change grew with the square of the fleet.
   */
  private scheduleAnnounce(deploymentId: string): void {
    if (this.scheduled.has(deploymentId)) return;
    const timer = setTimeout(() => {
      this.scheduled.delete(deploymentId);
      this.announce(deploymentId).catch((error: unknown) => this.logger.warn(`progress of deployment ${deploymentId} not announced: ${String(error)}`));
    }, ANNOUNCE_EVERY_MS);
    timer.unref();
    this.scheduled.set(deploymentId, timer);
  }

  /** Totals of several deployments at once (a page of the list). */
  async totalsOf(deploymentIds: readonly string[]): Promise<Map<string, DeploymentTotals>> {
    const result = new Map<string, DeploymentTotals>(deploymentIds.map((id) => [id, { totals: emptyTotals(), waves: [] }]));
    if (deploymentIds.length === 0) return result;
    const raw: unknown[] = await this.targets
      .createQueryBuilder('target')
      .select('target.deploymentId', 'deploymentId')
      .addSelect('target.wave', 'wave')
      .addSelect('target.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where({ deploymentId: In([...deploymentIds]) })
      .groupBy('target.deploymentId')
      .addGroupBy('target.wave')
      .addGroupBy('target.status')
      .getRawMany();
    for (const row of raw.map((item) => CountRowSchema.parse(item)).sort((a, b) => a.wave - b.wave)) {
      const entry = result.get(row.deploymentId);
      if (entry === undefined) continue;
      entry.totals[row.status] += row.count;
      let wave = entry.waves.at(-1);
      if (wave?.wave !== row.wave) {
        wave = { wave: row.wave, totals: emptyTotals() };
        entry.waves.push(wave);
      }
      wave.totals[row.status] += row.count;
    }
    return result;
  }

  async totals(deploymentId: string): Promise<DeploymentTotals> {
    return (await this.totalsOf([deploymentId])).get(deploymentId) ?? { totals: emptyTotals(), waves: [] };
  }

  /** Removes the gauges of deployments deleted behind our back (with their app). */
  private async forgetDeleted(): Promise<void> {
    const gauged = new Set((await this.metrics.deploymentTargets.get()).values.map((value) => String(value.labels.deployment)));
    if (gauged.size === 0) return;
    const existing = new Set((await this.deployments.find({ where: { id: In([...gauged]) }, select: { id: true } })).map((deployment) => deployment.id));
    for (const id of gauged) {
      if (existing.has(id)) continue;
      for (const status of TARGET_STATUSES) this.metrics.deploymentTargets.remove({ deployment: id, status });
    }
  }

  /** Refreshes the gauge and emits `deployment.progress`; a deleted deployment leaves the gauge. */
  async announce(deploymentId: string): Promise<void> {
    const deployment = await this.deployments.findOne({ where: { id: deploymentId }, select: { id: true, phase: true, currentWave: true } });
    if (deployment === null) {
      for (const status of TARGET_STATUSES) this.metrics.deploymentTargets.remove({ deployment: deploymentId, status });
      return;
    }
    const { totals } = await this.totals(deploymentId);
    for (const status of TARGET_STATUSES) this.metrics.deploymentTargets.set({ deployment: deploymentId, status }, totals[status]);
    this.events.emit({ type: 'deployment.progress', deploymentId, phase: deployment.phase, wave: deployment.currentWave, totals });
  }
}
