import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { DeviceIdSchema, type TelemetrySample as Sample } from '@gantry/protocol';
import { Between, LessThan, MoreThanOrEqual, type FindOptionsWhere, type Repository } from 'typeorm';
import { DevicesService } from '../devices/devices.service.js';
import { ApiZodQuery, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { DeviceEvent } from './device-event.entity.js';
import { EventsQuerySchema, TelemetryQuerySchema, type EventsQuery, type TelemetryQuery } from './history.query.js';
import { TelemetrySample } from './telemetry-sample.entity.js';

interface EventView {
  seq: number;
  type: string;
  at: string;
  detail: object;
}

/** A gateway's history: its event timeline and its resource samples. */
@ApiTags('devices')
@Controller('devices/:id')
export class HistoryController {
  constructor(
    @Inject(DevicesService) private readonly devices: DevicesService,
    @InjectRepository(DeviceEvent) private readonly events: Repository<DeviceEvent>,
    @InjectRepository(TelemetrySample) private readonly samples: Repository<TelemetrySample>,
  ) {}

  @Get('events')
  @ApiZodQuery(EventsQuerySchema)
  @ApiZodResponse(200, 'Events newest first; `gap` entries mark sequence numbers that never arrived')
  async listEvents(
    @Param('id', new ZodValidationPipe(DeviceIdSchema)) id: string,
    @Query(new ZodValidationPipe(EventsQuerySchema)) query: EventsQuery,
  ): Promise<{ items: EventView[]; nextBefore: number | null }> {
    await this.devices.get(id);
    const where: FindOptionsWhere<DeviceEvent> = { deviceId: id };
    if (query.before !== undefined) where.seq = LessThan(query.before);
    if (query.type !== undefined) where.type = query.type;
    const rows = await this.events.find({ where, order: { seq: 'DESC', id: 'DESC' }, take: query.limit + 1 });
    const items = rows.slice(0, query.limit).map((row) => ({ seq: row.seq, type: row.type, at: row.at.toISOString(), detail: row.detail }));
    return { items, nextBefore: rows.length > query.limit ? (items.at(-1)?.seq ?? null) : null };
  }

  @Get('telemetry')
  @ApiZodQuery(TelemetryQuerySchema)
  @ApiZodResponse(200, 'Samples oldest first within the window (the newest `limit` when no window is given)')
  async listTelemetry(
    @Param('id', new ZodValidationPipe(DeviceIdSchema)) id: string,
    @Query(new ZodValidationPipe(TelemetryQuerySchema)) query: TelemetryQuery,
  ): Promise<{ items: Sample[] }> {
    await this.devices.get(id);
    const since = query.since === undefined ? undefined : new Date(query.since);
    const until = query.until === undefined ? undefined : new Date(query.until);
    const where: FindOptionsWhere<TelemetrySample> = { deviceId: id };
    if (since !== undefined) where.at = until === undefined ? MoreThanOrEqual(since) : Between(since, until);
    else if (until !== undefined) where.at = LessThan(until);
    const rows = await this.samples.find({ where, order: { at: 'DESC', id: 'DESC' }, take: query.limit });
    return { items: rows.reverse().map((row) => row.sample) };
  }
}
