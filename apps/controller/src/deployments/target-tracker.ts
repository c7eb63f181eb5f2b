import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { z } from 'zod';
import type { GuardedWrite } from '../database/fleet-writer.js';
import { idList, isOneOf } from '../database/id-list.js';
import { StatementTemplate } from '../database/statement-template.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { DeploymentTarget, TARGET_STATUSES } from './deployment-target.entity.js';
import { Deployment } from './deployment.entity.js';
import { judgeReports, type GatewayReport, type TrackedRow } from './report-judgement.js';
import { RolloutEngine } from './rollout-engine.js';

const TrackedRowSchema = z.object({
  deploymentId: z.string(),
  deviceId: z.string(),
  status: z.enum(TARGET_STATUSES),
  desiredVersion: z.nullable(z.coerce.number()),
  reason: z.nullable(z.string()),
  appId: z.string(),
  releaseId: z.string(),
});

/** What a batch of reports changes in deployment rows: one write per move, and the deployment each moves in. */
export interface ReportsJudged {
  readonly writes: readonly GuardedWrite[];
  readonly deploymentIds: readonly string[];
}

/**
 * Keeps the rows of live deployments in step with what their gateways report. Ingestion
 * applies the judged moves in its own transaction, with the reports, and hands back the
 * ones that held.
 */
@Injectable()
export class TargetTracker {
  private moveTemplate: StatementTemplate<DeploymentTarget> | undefined;
  private trackedRead: StatementTemplate<DeploymentTarget> | undefined;

  constructor(
    @InjectRepository(DeploymentTarget) private readonly targets: Repository<DeploymentTarget>,
    @Inject(RolloutEngine) private readonly engine: RolloutEngine,
    @Inject(FleetEvents) private readonly events: FleetEvents,
  ) {}

  /**
   * Reads the batch's rows (one query for all its gateways) and judges every report; each
   * move is written only from the status it was judged from, so a concurrent recompile
   * that superseded a row wins.
   */
  async judge(reports: readonly GatewayReport[], now: Date): Promise<ReportsJudged> {
    if (reports.length === 0) return { writes: [], deploymentIds: [] };
    const tracked = await this.trackedRows(new Set(reports.map((report) => report.deviceId)));
    if (tracked.length === 0) return { writes: [], deploymentIds: [] };
    const moves = judgeReports(tracked, reports);
    this.moveTemplate ??= StatementTemplate.of(
      this.targets.manager.connection,
      DeploymentTarget,
      this.targets.manager
        .createQueryBuilder()
        .update(DeploymentTarget)
        .set({ status: () => ':status', reason: () => ':reason', updatedAt: () => ':now' })
        .where('deployment_id = :deploymentId AND device_id = :deviceId AND status = :from'),
    );
    const template = this.moveTemplate;
    const at = template.value('updatedAt', now);
    return {
      writes: moves.map((move) => ({ guard: template.bind({ ...move, now: at }), then: [] })),
      deploymentIds: moves.map((move) => move.deploymentId),
    };
  }

  /** The rows of these gateways in live deployments that a report can move, with what each is judged against. */
  private async trackedRows(deviceIds: ReadonlySet<string>): Promise<TrackedRow[]> {
    const dataSource = this.targets.manager.connection;
    this.trackedRead ??= StatementTemplate.of(
      dataSource,
      DeploymentTarget,
      dataSource
        .createQueryBuilder()
        .select('target.deploymentId', 'deploymentId')
        .addSelect('target.deviceId', 'deviceId')
        .addSelect('target.status', 'status')
        .addSelect('target.desiredVersion', 'desiredVersion')
        .addSelect('target.reason', 'reason')
        .addSelect('deployment.appId', 'appId')
        .addSelect('deployment.releaseId', 'releaseId')
        .from(DeploymentTarget, 'target')
        .innerJoin(Deployment, 'deployment', 'deployment.id = target.deploymentId')
        .where(isOneOf(dataSource, 'target.deviceId', 'ids'))
        .andWhere("target.status NOT IN ('pending', 'superseded')")
        .andWhere("deployment.phase <> 'rolled-back'"),
    );
    return this.trackedRead.read({ ids: idList(dataSource, deviceIds) }, TrackedRowSchema);
  }

  /** After the moves were committed: announces the deployments that moved, and asks the rollout for one tick. */
  moved(deploymentIds: Iterable<string>): void {
    const changed = new Set(deploymentIds);
    for (const deploymentId of changed) this.events.emit({ type: 'deployment.changed', deploymentId });
    if (changed.size > 0) this.engine.nudge();
  }
}
