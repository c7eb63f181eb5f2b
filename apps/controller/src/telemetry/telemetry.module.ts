import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DevicesModule } from '../devices/devices.module.js';
import { DeviceEvent } from './device-event.entity.js';
import { HistoryController } from './history.controller.js';
import { RetentionService } from './retention.service.js';
import { TelemetrySample } from './telemetry-sample.entity.js';

/** Gateway history (events, telemetry): reading it, and keeping it bounded. */
@Module({
  imports: [TypeOrmModule.forFeature([DeviceEvent, TelemetrySample]), DevicesModule],
  controllers: [HistoryController],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class TelemetryModule {}
