import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MessageOf } from '@gantry/protocol';
import { DataSource, IsNull } from 'typeorm';
import { Device } from '../devices/device.entity.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { Metrics } from '../metrics/metrics.js';
import { InboundRouter } from '../mqtt/inbound-router.js';
import { TelemetrySample } from '../telemetry/telemetry-sample.entity.js';
import { BatchQueue, type BatchQueueOptions } from './batch-queue.js';
import { InboundBatch, type BatchedMessage } from './inbound-batch.js';

/**
 * During a fan-out every gateway acks, reports and sends events within seconds: taking
 * them in together costs a few queries and one commit per batch instead of per message.
 * The window is short against a gateway's round trip; a gateway has at most one message
 * in a batch, as the router hands over its next only once the last was handled.
 */
const BATCHING: BatchQueueOptions = { windowMs: 5, maxItems: 256 };

/**
 * Takes in what gateways send: liveness (`status`), their complete state (`reported`,
 * which also acknowledges desired versions), events and telemetry; reports and events in
 * batches across gateways (`InboundBatch`). Times the controller records (last seen,
 * reported at) are its own clock's, so a gateway's skewed clock cannot make it look alive
 * or dead.
 */
@Injectable()
export class FleetSync implements OnModuleInit {
  private readonly batches: BatchQueue<BatchedMessage>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(InboundRouter) private readonly router: InboundRouter,
    @Inject(FleetEvents) private readonly fleet: FleetEvents,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(InboundBatch) private readonly inbound: InboundBatch,
  ) {
    this.batches = new BatchQueue((messages) => this.inbound.ingest(messages), BATCHING);
  }

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

  /** Resolves once the report is stored (with the others of its batch). */
  onReported(message: MessageOf<'reported'>): Promise<void> {
    return this.batches.add(message);
  }

  /** Resolves once the events are stored (with the others of its batch). */
  onEvents(message: MessageOf<'events'>): Promise<void> {
    return this.batches.add(message);
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
