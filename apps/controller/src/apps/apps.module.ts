import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { App } from './app.entity.js';
import { AppsController } from './apps.controller.js';
import { AppsService } from './apps.service.js';
import { Release } from './release.entity.js';
import { ReleasesController } from './releases.controller.js';

/** Apps, their immutable releases and the REST API over both. */
@Module({
  imports: [TypeOrmModule.forFeature([App, Release])],
  controllers: [AppsController, ReleasesController],
  providers: [AppsService],
  exports: [AppsService],
})
export class AppsModule {}
