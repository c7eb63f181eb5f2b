import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MessageOf } from '@gantry/protocol';
import { DataSource, IsNull } from 'typeorm';
import { DeploymentsService } from '../deployments/deployments.service.js';
import { Device } from '../devices/device.entity.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { Metrics } from '../metrics/metrics.js';
import { InboundRouter } from '../mqtt/inbound-router.js';
import { TelemetrySample } from '../telemetry/telemetry-sample.entity.js';
import { EventIngest } from './event-ingest.js';

/**
 * Takes in what gateways send: liveness (`status`), their complete state (`reported`,
 * which also acknowledges desired versions), events and telemetry. Times the controller
 * records (last seen, reported at) are its own clock's, so a gateway's skewed clock cannot
 * make it look alive or dead.
 */
@Injectable()
export class FleetSync implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(InboundRouter) private readonly router: InboundRouter,
    @Inject(FleetEvents) private readonly fleet: FleetEvents,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(EventIngest) private readonly eventIngest: EventIngest,
    @Inject(DeploymentsService) private readonly deployments: DeploymentsService,
  ) {}

  onModuleInit(): void {
    this.router.on('status', (message) => this.onStatus(message));
    this.router.on('reported', (message) => this.onReported(message));
    this.router.on('events', (message) => this.onEvents(message));
    this.router.on('telemetry', (message) => this.onTelemetry(message));
  }

  async onStatus({ deviceId, body }: MessageOf<'status'>): Promise<void> {
    const devices = this.dataSource.getRepository(Device);
    const now = new Date();
    if (body.state === 'online') {
      const updated = await devices.update(
        { id: deviceId, revokedAt: IsNull() },
        { status: 'online', lastSeenAt: now, agentVersion: body.agentVersion, bootId: body.bootId, ...(body.platform === undefined ? {} : { platform: body.platform }) },
      );
      if (this.known(updated.affected)) this.fleet.emit({ type: 'device.online', deviceId });
      return;
    }
    // A Will from an earlier session may arrive after the new session's `online`: only the
    // current boot may take the gateway offline.
    const updated = await devices.update({ id: deviceId, bootId: body.bootId }, { status: 'offline', lastSeenAt: now });
    if ((updated.affected ?? 0) > 0) this.fleet.emit({ type: 'device.offline', deviceId });
    else this.metrics.invalidPayloads.inc({ reason: 'stale-status' });
  }

  async onReported({ deviceId, body }: MessageOf<'reported'>): Promise<void> {
    const now = new Date();
    // The ack only ever moves forward: a report delayed behind a newer one must not undo it.
    const updated = await this.dataSource
      .createQueryBuilder()
      .update(Device)
      .set({
        reported: body,
        reportedAt: now,
        lastSeenAt: now,
        allocatable: body.gateway.allocatable,
        ackedVersion: () => 'CASE WHEN acked_version < :acked THEN :acked ELSE acked_version END',
      })
      .where('id = :id AND revoked_at IS NULL', { id: deviceId })
      .setParameter('acked', body.ackedVersion)
      .execute();
    if (!this.known(updated.affected)) return;
    this.fleet.emit({ type: 'device.reported', deviceId, ackedVersion: body.ackedVersion });
    await this.deployments.onReported(deviceId, body);
  }

  async onEvents({ deviceId, body }: MessageOf<'events'>): Promise<void> {
    const stored = await this.eventIngest.ingest(deviceId, body.events);
    if (stored > 0) this.fleet.emit({ type: 'device.events', deviceId, count: stored });
  }

  async onTelemetry({ deviceId, body }: MessageOf<'telemetry'>): Promise<void> {
    const exists = await this.dataSource.getRepository(Device).existsBy({ id: deviceId, revokedAt: IsNull() });
    if (!this.known(exists ? 1 : 0)) return;
    await this.dataSource.getRepository(TelemetrySample).insert(body.samples.map((sample) => ({ deviceId, at: new Date(sample.ts), sample })));
    const newest = body.samples.findLast((sample) => sample.gateway !== undefined)?.gateway;
    if (newest !== undefined) await this.dataSource.getRepository(Device).update({ id: deviceId }, { usage: newest });
  }

  /** Traffic from a gateway the registry does not know (or revoked) changes nothing; it is counted. */
  private known(affected: number | undefined): boolean {
    if ((affected ?? 0) > 0) return true;
    this.metrics.invalidPayloads.inc({ reason: 'unknown-device' });
    return false;
  }
}
