import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MessageOf } from '@gantry/protocol';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { FleetWriter, type GuardedWrite, type Statement } from '../database/fleet-writer.js';
import { idList, isOneOf } from '../database/id-list.js';
import { StatementTemplate } from '../database/statement-template.js';
import { TargetTracker } from '../deployments/target-tracker.js';
import { Device } from '../devices/device.entity.js';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { Metrics } from '../metrics/metrics.js';
import { EventIngest } from './event-ingest.js';

// Raw rows: the revocation time comes back as text (SQLite) or a Date (PostgreSQL); only its absence matters.
const DeviceRowSchema = z.object({ id: z.string(), revokedAt: z.union([z.null(), z.string(), z.date()]), lastEventSeq: z.coerce.number() });

/** The messages ingested in batches: the ones every gateway sends during a fan-out. */
export type BatchedMessage = MessageOf<'reported'> | MessageOf<'events'>;

/**
 * Ingests `reported` and `events` messages of many gateways together: what they need is
 * read with a few set-based queries for the whole batch, and everything they change — the
 * reports and acks, the deployment rows the reports move, the events and gaps — is written
 * in one transaction. Messages are applied in the order given, so two of one gateway in
 * one batch come out as if handled one after the other. Announcements (live stream,
 * metrics, the rollout's tick) follow the commit, once per batch where they can.
 */
@Injectable()
export class InboundBatch {
  private reportTemplate: StatementTemplate<Device> | undefined;
  private devicesRead: StatementTemplate<Device> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FleetWriter) private readonly writer: FleetWriter,
    @Inject(FleetEvents) private readonly fleet: FleetEvents,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(EventIngest) private readonly eventIngest: EventIngest,
    @Inject(TargetTracker) private readonly tracker: TargetTracker,
  ) {}

  async ingest(messages: readonly BatchedMessage[], now: Date = new Date()): Promise<void> {
    const reports = messages.filter((message) => message.kind === 'reported');
    const arrivals = messages.filter((message) => message.kind === 'events').map(({ deviceId, body }) => ({ deviceId, events: body.events }));
    const devices = await this.readDevices(new Set(messages.map((message) => message.deviceId)));
    const events = await this.eventIngest.plan(arrivals, new Map(devices.map((device) => [device.id, device.lastEventSeq])), now);
    const enrolled = new Set(devices.filter((device) => device.revokedAt === null).map((device) => device.id));
    const judged = await this.tracker.judge(
      reports.filter((report) => enrolled.has(report.deviceId)).map(({ deviceId, body }) => ({ deviceId, reported: body })),
      now,
    );
    const reportWrites = reports.map((report): GuardedWrite => ({ guard: this.storeReport(report, now), then: [] }));

    const held = await this.writer.applyGuarded([...reportWrites, ...judged.writes, ...events.writes]);

    reports.forEach(({ deviceId, body }, index) => {
      // Traffic from a gateway the registry does not know (or revoked) changes nothing; it is counted.
      if (held[index] === true) this.fleet.emit({ type: 'device.reported', deviceId, ackedVersion: body.ackedVersion });
      else this.metrics.invalidPayloads.inc({ reason: 'unknown-device' });
    });
    this.tracker.moved(judged.deploymentIds.filter((_, index) => held[reports.length + index] === true));
    arrivals.forEach(({ deviceId }, index) => {
      const count = events.plan.stored[index] ?? 0;
      if (count > 0) this.fleet.emit({ type: 'device.events', deviceId, count });
    });
    this.eventIngest.announceGaps(events.plan);
  }

  /** Whether each of these gateways is revoked, and its newest stored event number; unknown ones are left out. */
  private async readDevices(ids: ReadonlySet<string>): Promise<z.infer<typeof DeviceRowSchema>[]> {
    this.devicesRead ??= StatementTemplate.of(
      this.dataSource,
      Device,
      this.dataSource
        .createQueryBuilder()
        .select('device.id', 'id')
        .addSelect('device.revokedAt', 'revokedAt')
        .addSelect('device.lastEventSeq', 'lastEventSeq')
        .from(Device, 'device')
        .where(isOneOf(this.dataSource, 'device.id', 'ids')),
    );
    return this.devicesRead.read({ ids: idList(this.dataSource, ids) }, DeviceRowSchema);
  }

  /** Stores the report of an enrolled gateway; changes exactly one row if the gateway is known and not revoked. */
  private storeReport({ deviceId, body }: MessageOf<'reported'>, now: Date): Statement {
    this.reportTemplate ??= StatementTemplate.of(
      this.dataSource,
      Device,
      this.dataSource
        .createQueryBuilder()
        .update(Device)
        .set({
          reported: () => ':reported',
          reportedAt: () => ':now',
          lastSeenAt: () => ':now',
          allocatable: () => ':allocatable',
          // The ack only ever moves forward: a report delayed behind a newer one must not undo it.
          ackedVersion: () => 'CASE WHEN acked_version < :acked THEN :acked ELSE acked_version END',
        })
        .where('id = :id AND revoked_at IS NULL'),
    );
    const template = this.reportTemplate;
    return template.bind({
      id: deviceId,
      reported: template.value('reported', body),
      allocatable: template.value('allocatable', body.gateway.allocatable),
      now: template.value('reportedAt', now),
      acked: body.ackedVersion,
    });
  }
}
