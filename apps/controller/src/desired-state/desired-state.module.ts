import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppsModule } from '../apps/apps.module.js';
import { Device } from '../devices/device.entity.js';
import { DesiredPublisher } from './desired-publisher.js';
import { DesiredStateService } from './desired-state.service.js';
import { Republisher } from './republisher.js';

/** Compiling, storing, publishing and republishing each gateway's desired state. */
@Module({
  imports: [TypeOrmModule.forFeature([Device]), AppsModule],
  providers: [DesiredStateService, DesiredPublisher, Republisher],
  exports: [DesiredStateService],
})
export class DesiredStateModule {}
