import type { DesiredState } from '@gantry/protocol';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Subscription } from 'rxjs';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { AppsService } from '../apps/apps.service.js';
import { DeploymentTarget } from '../deployments/deployment-target.entity.js';
import { Deployment } from '../deployments/deployment.entity.js';
import { Device } from '../devices/device.entity.js';
import { FleetEvents, type FleetEvent } from '../fleet-events/fleet-events.js';
import { admittedDeployments, toRollout, type Rollout } from './admission.js';
import { BatchCompiler, type Compiled } from './batch-compiler.js';
import { DesiredPublisher } from './desired-publisher.js';
import { DesiredWrites } from './desired-writes.js';
import { FleetWriter, type GuardedWrite } from '../database/fleet-writer.js';
import { targetChanges } from './target-sync.js';

/** Gateways compiled per transaction: deployments and releases are loaded once per batch. */
export const RECOMPILE_BATCH = 500;

// A gateway whose desired version moved under us (another replica) is compiled again;
// losing this many times in a row means something is wrong, not busy.
const MAX_ATTEMPTS = 5;

/** What compiling one gateway asks to write. */
interface Plan {
  deviceId: string;
  /** The new document, when its hash changed. */
  desired?: DesiredState;
  write: GuardedWrite;
  /** Deployments whose row for this gateway changes (superseded, targeted again). */
  changedDeployments: string[];
}

/**
 * Each gateway's desired state: compiled from its labels and the deployments whose
 * rollout admitted it, stored with a version, and published (retained, QoS 1) only when
 * its hash changes. Recompiles exactly the gateways a fleet change can affect.
 */
@Injectable()
export class DesiredStateService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DesiredStateService.name);
  private subscription: Subscription | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly writes: DesiredWrites;

  constructor(
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @Inject(AppsService) private readonly apps: AppsService,
    @Inject(DesiredPublisher) private readonly publisher: DesiredPublisher,
    @Inject(FleetWriter) private readonly writer: FleetWriter,
    @Inject(FleetEvents) private readonly events: FleetEvents,
  ) {
    this.writes = new DesiredWrites(devices.manager.connection);
  }

  onModuleInit(): void {
    this.subscription = this.events.stream.subscribe((event) => this.react(event));
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Compiles, stores and publishes the desired state of these gateways (unknown and revoked
   * ones are skipped); resolves once every document was published.
   */
  async recompile(deviceIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(deviceIds)].sort();
    // A batch is compiled and stored while the one before waits for its PUBACKs: the
    // event loop has work for the wait, and no more than two batches are in flight.
    let publishing: Promise<void> = Promise.resolve();
    try {
      for (let start = 0; start < ids.length; start += RECOMPILE_BATCH) {
        const stored = await this.storeBatch(ids.slice(start, start + RECOMPILE_BATCH));
        await publishing;
        publishing = this.publishBatch(stored);
      }
    } finally {
      await publishing;
    }
  }

  /** Gateways whose stored desired state runs `appId`. */
  async devicesRunningApp(appId: string): Promise<string[]> {
    const builder = this.devices.createQueryBuilder('device').select('device.id', 'id').where('device.desired IS NOT NULL');
    if (this.devices.manager.connection.options.type === 'postgres') {
      builder.andWhere(`(CAST(device.desired AS jsonb) -> 'apps') ? :appId`, { appId });
    } else {
      // APP_ID_PATTERN admits no quote, so the id is safe inside a quoted JSON path.
      builder.andWhere('json_extract(device.desired, :path) IS NOT NULL', { path: `$.apps."${appId}"` });
    }
    const rows: { id: string }[] = await builder.getRawMany();
    return rows.map((row) => row.id);
  }

  /*
   * A gateway that enrolls or is relabelled is recompiled by the rollout engine, once its
   * deployment rows follow the new labels: compiling before that would drop, for a moment,
   * the apps of deployments that have not taken the gateway in yet.
   */
  private react(event: FleetEvent): void {
    if (event.type !== 'app.deleted') return;
    // Its deployments were deleted with it; the gateways that ran it must drop it.
    const work = this.devicesRunningApp(event.appId).then((ids) => this.recompile(ids));
    const tracked = work.catch((error: unknown) => this.logger.error(`recompiling after ${event.type} failed: ${describe(error)}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /** Compiles and stores a batch; resolves with the plans that were stored. */
  private async storeBatch(ids: string[]): Promise<Plan[]> {
    const stored: Plan[] = [];
    let pending = ids;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`the desired state of ${pending.join(', ')} kept changing during ${MAX_ATTEMPTS} attempts to compile it`);
      const plans = await this.plan(pending);
      const held = await this.writer.applyGuarded(plans.map((plan) => plan.write));
      stored.push(...plans.filter((_, index) => held[index] === true));
      // Another writer (a replica) stored a version since we read these: compile them again from it.
      pending = plans.filter((_, index) => held[index] !== true).map((plan) => plan.deviceId);
    }
    return stored;
  }

  /** Publishes what a batch stored, then announces it. */
  private async publishBatch(stored: readonly Plan[]): Promise<void> {
    const sent = await this.publisher.publishAll(stored.flatMap((plan) => (plan.desired === undefined ? [] : [{ deviceId: plan.deviceId, desired: plan.desired }])));
    for (const { deviceId, desired } of sent) this.events.emit({ type: 'desired.published', deviceId, version: desired.version, hash: desired.hash });
    for (const deploymentId of new Set(stored.flatMap((plan) => plan.changedDeployments))) this.events.emit({ type: 'deployment.changed', deploymentId });
  }

  /** Compiles each gateway and renders what must be written for it; gateways with nothing to write are left out. */
  private async plan(ids: string[]): Promise<Plan[]> {
    const manager = this.devices.manager;
    const devices = await manager.find(Device, {
      where: { id: In(ids), revokedAt: IsNull() },
      select: { id: true, labels: true, desiredVersion: true, desiredHash: true },
    });
    if (devices.length === 0) return [];
    const targets = await manager.find(DeploymentTarget, { where: { deviceId: In(devices.map((device) => device.id)) } });
    const rollouts = await this.loadRollouts(manager, targets);
    const compiler = new BatchCompiler(await this.apps.releasesByIds([...rollouts.values()].filter((rollout) => rollout.phase !== 'rolled-back').map((rollout) => rollout.deployment.releaseId)));
    const targetsByDevice = new Map<string, DeploymentTarget[]>();
    for (const target of targets) targetsByDevice.set(target.deviceId, [...(targetsByDevice.get(target.deviceId) ?? []), target]);

    const plans: Plan[] = [];
    const now = new Date();
    for (const device of devices) {
      const rows = targetsByDevice.get(device.id) ?? [];
      const admitted = admittedDeployments(rows, rollouts);
      let compiled: Compiled;
      try {
        compiled = compiler.compile(device, admitted, device.desiredVersion === 0 ? undefined : { version: device.desiredVersion, hash: device.desiredHash ?? '' });
      } catch (error) {
        // One gateway's unusable target must not hold back the rest of the batch; it keeps its current one.
        this.logger.error(`gateway ${device.id} keeps desired version ${device.desiredVersion}: ${describe(error)}`);
        continue;
      }
      const { desired } = compiled;
      const changes = targetChanges(rows, rollouts, compiled.winners, desired?.version ?? device.desiredVersion);
      if (desired === undefined && changes.length === 0) continue;
      const then = changes.map((change) => this.writes.change(device.id, change, now));
      // Stored only if no one stored another version since we read the gateway.
      const guard = desired === undefined ? undefined : this.writes.store(device.id, desired, device.desiredVersion, now);
      plans.push({
        deviceId: device.id,
        ...(desired === undefined ? {} : { desired }),
        write: guard === undefined ? { then } : { guard, then },
        changedDeployments: changes.map((change) => change.deploymentId),
      });
    }
    return plans;
  }

  private async loadRollouts(manager: EntityManager, targets: readonly DeploymentTarget[]): Promise<Map<string, Rollout>> {
    const ids = [...new Set(targets.map((target) => target.deploymentId))];
    if (ids.length === 0) return new Map();
    const deployments = await manager.find(Deployment, { where: { id: In(ids) } });
    return new Map(deployments.map((deployment) => [deployment.id, toRollout(deployment)]));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
