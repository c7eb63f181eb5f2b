import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type Repository } from 'typeorm';
import type { GuardedWrite } from '../database/fleet-writer.js';
import { StatementTemplate } from '../database/statement-template.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { DeploymentTarget } from './deployment-target.entity.js';
import { Deployment } from './deployment.entity.js';
import { judgeReports, type GatewayReport, type TrackedRow } from './report-judgement.js';
import { RolloutEngine } from './rollout-engine.js';

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

  constructor(
    @InjectRepository(Deployment) private readonly deployments: Repository<Deployment>,
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
    const rows = await this.targets.findBy({ deviceId: In([...new Set(reports.map((report) => report.deviceId))]), status: Not(In(['pending', 'superseded'])) });
    if (rows.length === 0) return { writes: [], deploymentIds: [] };
    const live = await this.deployments.find({
      where: { id: In([...new Set(rows.map((row) => row.deploymentId))]), phase: Not('rolled-back') },
      select: { id: true, appId: true, releaseId: true },
    });
    const byId = new Map(live.map((deployment) => [deployment.id, deployment]));
    const tracked = rows.flatMap((row): TrackedRow[] => {
      const deployment = byId.get(row.deploymentId);
      return deployment === undefined ? [] : [{ ...row, appId: deployment.appId, releaseId: deployment.releaseId }];
    });
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

  /** After the moves were committed: announces the deployments that moved, and asks the rollout for one tick. */
  moved(deploymentIds: Iterable<string>): void {
    const changed = new Set(deploymentIds);
    for (const deploymentId of changed) this.events.emit({ type: 'deployment.changed', deploymentId });
    if (changed.size > 0) this.engine.nudge();
  }
}
