import { Inject, Injectable, Logger } from '@nestjs/common';
import type { GantryEvent } from '@gantry/protocol';
import { In, LessThanOrEqual, Not, type EntityManager } from 'typeorm';
import { FleetWriter } from '../database/fleet-writer.js';
import { Device } from '../devices/device.entity.js';
import { Metrics } from '../metrics/metrics.js';
import { DeviceEvent } from '../telemetry/device-event.entity.js';
import { findGaps, remainingGaps, type SeqGap } from './event-gaps.js';

/** Type of the rows that record missing sequence numbers. */
export const GAP_EVENT = 'gap';

/**
 * Stores a gateway's event batches exactly once and records gaps in its sequence numbers.
 * A batch may arrive twice (QoS 1 redelivery, an outbox resent after a crash) or, with
 * several replicas behind shared subscriptions, out of order; so events are deduplicated
 * by sequence number, never by "newer than the last", and a gap closes when its events
 * arrive late.
 */
@Injectable()
export class EventIngest {
  private readonly logger = new Logger(EventIngest.name);

  constructor(
    @Inject(FleetWriter) private readonly writer: FleetWriter,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /** Returns how many events were new. */
  async ingest(deviceId: string, events: readonly GantryEvent[]): Promise<number> {
    return this.writer.run(async (manager) => {
      const device = await manager.findOne(Device, { where: { id: deviceId }, select: { id: true, lastEventSeq: true } });
      if (device === null) return 0;
      const seqs = events.map((event) => event.seq);
      const known = await manager.find(DeviceEvent, { where: { deviceId, seq: In(seqs), type: Not(GAP_EVENT) }, select: { seq: true } });
      const knownSeqs = new Set(known.map((row) => row.seq));
      const fresh = events.filter((event) => !knownSeqs.has(event.seq));
      if (fresh.length === 0) return 0;

      await manager.insert(
        DeviceEvent,
        fresh.map((event) => manager.create(DeviceEvent, { deviceId, seq: event.seq, type: event.type, at: new Date(event.ts), detail: event.detail })),
      );
      const freshSeqs = fresh.map((event) => event.seq);
      await this.closeGaps(manager, deviceId, freshSeqs);
      const newGaps = findGaps(device.lastEventSeq, freshSeqs);
      await this.recordGaps(manager, deviceId, newGaps);
      const highest = Math.max(device.lastEventSeq, ...freshSeqs);
      if (highest > device.lastEventSeq) await manager.update(Device, { id: deviceId }, { lastEventSeq: highest });
      return fresh.length;
    });
  }

  /** Gap rows that the arriving numbers fall into are replaced by what is still missing. */
  private async closeGaps(manager: EntityManager, deviceId: string, arrived: readonly number[]): Promise<void> {
    const highest = Math.max(...arrived);
    const gaps = await manager.find(DeviceEvent, { where: { deviceId, type: GAP_EVENT, seq: LessThanOrEqual(highest) } });
    for (const row of gaps) {
      const gap = { from: row.seq, to: Number(Reflect.get(row.detail, 'to')) };
      const left = remainingGaps(gap, arrived);
      if (left.length === 1 && left[0]?.from === gap.from && left[0].to === gap.to) continue;
      await manager.delete(DeviceEvent, { id: row.id });
      await this.recordGaps(manager, deviceId, left, row.at);
    }
  }

  private async recordGaps(manager: EntityManager, deviceId: string, gaps: readonly SeqGap[], at = new Date()): Promise<void> {
    if (gaps.length === 0) return;
    const missing = gaps.reduce((sum, gap) => sum + gap.to - gap.from + 1, 0);
    this.metrics.eventGaps.inc(missing);
    this.logger.warn(`gateway ${deviceId} skipped event sequence numbers ${gaps.map((gap) => (gap.from === gap.to ? gap.from : `${gap.from}-${gap.to}`)).join(', ')}`);
    await manager.insert(
      DeviceEvent,
      gaps.map((gap) => manager.create(DeviceEvent, { deviceId, seq: gap.from, type: GAP_EVENT, at, detail: { from: gap.from, to: gap.to, missing: gap.to - gap.from + 1 } })),
    );
  }
}
