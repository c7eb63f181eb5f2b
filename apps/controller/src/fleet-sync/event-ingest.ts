import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { GuardedWrite, Statement } from '../database/fleet-writer.js';
import { idList, isOneOf } from '../database/id-list.js';
import { StatementTemplate } from '../database/statement-template.js';
import { Device } from '../devices/device.entity.js';
import { Metrics } from '../metrics/metrics.js';
import { DeviceEvent } from '../telemetry/device-event.entity.js';
import type { SeqGap } from './event-gaps.js';
import { planEvents, type EventPlan, type EventsArrival } from './event-plan.js';
import { GAP_EVENT, readStoredInRanges, type SeqRange } from './stored-events.js';

/** A batch's event writes, ready for the batch's transaction. */
export interface PlannedEvents {
  readonly plan: EventPlan;
  readonly writes: readonly GuardedWrite[];
}

/**
 * Stores gateways' event batches exactly once and records gaps in their sequence numbers.
 * A batch may arrive twice (QoS 1 redelivery, an outbox resent after a crash) or, with
 * several replicas behind shared subscriptions, out of order; so events are deduplicated
 * by sequence number, never by "newer than the last", and a gap closes when its events
 * arrive late. Many gateways' batches are planned together: what is stored is read with
 * one query per kind of row for all of them.
 */
@Injectable()
export class EventIngest {
  private readonly logger = new Logger(EventIngest.name);
  private lastSeqTemplate: StatementTemplate<Device> | undefined;
  private insertTemplate: StatementTemplate<DeviceEvent> | undefined;
  private deleteTemplate: StatementTemplate<DeviceEvent> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /**
   * Reads what the arrivals need and renders their writes; nothing is written here.
   * `lastEventSeq` holds the newest stored number of every gateway that exists.
   */
  async plan(arrivals: readonly EventsArrival[], lastEventSeq: ReadonlyMap<string, number>, now: Date): Promise<PlannedEvents> {
    const ranges = seqRanges(arrivals.filter((arrival) => lastEventSeq.has(arrival.deviceId)));
    if (ranges.size === 0) return { plan: planEvents(arrivals, { lastEventSeq, knownSeqs: new Map(), gaps: new Map() }, now), writes: [] };
    const { knownSeqs, gaps } = await readStoredInRanges(this.dataSource, ranges);
    const plan = planEvents(arrivals, { lastEventSeq, knownSeqs, gaps }, now);
    const statements = this.statements(plan);
    return { plan, writes: statements.length === 0 ? [] : [{ then: statements }] };
  }

  /** After the batch committed: counts the gaps found and says which numbers were skipped. */
  announceGaps(plan: EventPlan): void {
    for (const [deviceId, gaps] of plan.newGaps) {
      this.metrics.eventGaps.inc(gaps.reduce((sum, gap) => sum + gap.to - gap.from + 1, 0));
      this.logger.warn(`gateway ${deviceId} skipped event sequence numbers ${gaps.map(describeGap).join(', ')}`);
    }
  }

  private statements(plan: EventPlan): Statement[] {
    const builder = () => this.dataSource.manager.createQueryBuilder();
    const rows = plan.inserts.map((row) =>
      'gap' in row
        ? { deviceId: row.deviceId, seq: row.seq, type: GAP_EVENT, at: row.at, detail: { from: row.gap.from, to: row.gap.to, missing: row.gap.to - row.gap.from + 1 } }
        : { deviceId: row.deviceId, seq: row.seq, type: row.event.type, at: new Date(row.event.ts), detail: row.event.detail },
    );
    const statements: Statement[] = [];
    if (plan.deletedGapIds.length > 0) {
      this.deleteTemplate ??= StatementTemplate.of(this.dataSource, DeviceEvent, builder().delete().from(DeviceEvent).where(isOneOf(this.dataSource, 'id', 'ids')));
      statements.push(this.deleteTemplate.bind({ ids: idList(this.dataSource, plan.deletedGapIds) }));
    }
    // One row per statement: the shape is rendered once and prepared once, where a multi-row
    // INSERT is rendered afresh for every batch and costs more to render than to run.
    this.insertTemplate ??= StatementTemplate.of(
      this.dataSource,
      DeviceEvent,
      builder()
        .insert()
        .into(DeviceEvent)
        .values({ deviceId: () => ':deviceId', seq: () => ':seq', type: () => ':type', at: () => ':at', detail: () => ':detail' }),
    );
    const insert = this.insertTemplate;
    for (const row of rows) statements.push(insert.bind({ ...row, at: insert.value('at', row.at), detail: insert.value('detail', row.detail) }));
    // Only ever forward, whatever another writer stored meanwhile.
    this.lastSeqTemplate ??= StatementTemplate.of(
      this.dataSource,
      Device,
      builder()
        .update(Device)
        .set({ lastEventSeq: () => 'CASE WHEN last_event_seq < :seq THEN :seq ELSE last_event_seq END' })
        .where('id = :id'),
    );
    for (const [id, seq] of plan.lastEventSeq) statements.push(this.lastSeqTemplate.bind({ id, seq }));
    return statements;
  }
}

/** The span of sequence numbers each gateway's arrivals carry. */
function seqRanges(arrivals: readonly EventsArrival[]): Map<string, SeqRange> {
  const ranges = new Map<string, SeqRange>();
  for (const { deviceId, events } of arrivals) {
    for (const { seq } of events) {
      const range = ranges.get(deviceId);
      ranges.set(deviceId, range === undefined ? { lowest: seq, highest: seq } : { lowest: Math.min(range.lowest, seq), highest: Math.max(range.highest, seq) });
    }
  }
  return ranges;
}

function describeGap(gap: SeqGap): string {
  return gap.from === gap.to ? String(gap.from) : `${gap.from}-${gap.to}`;
}
