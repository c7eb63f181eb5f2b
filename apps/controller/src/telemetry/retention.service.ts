import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { CONTROLLER_CONFIG } from '../config.module.js';
import type { ControllerConfig } from '../config.js';
import { DeviceEvent } from './device-event.entity.js';
import { TelemetrySample } from './telemetry-sample.entity.js';

const DAY_MS = 86_400_000;
const SWEEP_EVERY_MS = 15 * 60_000;

/** What one sweep deleted. */
export interface RetentionSweep {
  events: number;
  telemetryByAge: number;
  telemetryOverCap: number;
}

/**
 * Keeps history bounded: events older than `eventsDays`, telemetry older than
 * `telemetryDays`, and telemetry beyond `telemetryPerDevice` rows per gateway (so one
 * chatty gateway cannot fill a small site's disk). Sweeps are idempotent, so replicas
 * sweeping at once only repeat work.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONTROLLER_CONFIG) private readonly config: ControllerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.error(`retention sweep failed: ${String(error)}`));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<RetentionSweep> {
    const { eventsDays, telemetryDays, telemetryPerDevice } = this.config.retention;
    const events = await this.dataSource.getRepository(DeviceEvent).delete({ at: LessThan(new Date(now.getTime() - eventsDays * DAY_MS)) });
    const samples = this.dataSource.getRepository(TelemetrySample);
    const byAge = await samples.delete({ at: LessThan(new Date(now.getTime() - telemetryDays * DAY_MS)) });
    let overCap = 0;
    const heavy = await samples
      .createQueryBuilder('sample')
      .select('sample.device_id', 'deviceId')
      .groupBy('sample.device_id')
      .having('COUNT(*) > :cap', { cap: telemetryPerDevice })
      .getRawMany<{ deviceId: string }>();
    for (const { deviceId } of heavy) {
      // The id of the newest row to drop: everything at or below it goes.
      const cutoff = await samples.find({ where: { deviceId }, order: { id: 'DESC' }, skip: telemetryPerDevice, take: 1, select: { id: true } });
      const id = cutoff[0]?.id;
      if (id === undefined) continue;
      const deleted = await samples.createQueryBuilder().delete().where('device_id = :deviceId AND id <= :id', { deviceId, id }).execute();
      overCap += deleted.affected ?? 0;
    }
    return { events: events.affected ?? 0, telemetryByAge: byAge.affected ?? 0, telemetryOverCap: overCap };
  }
}
