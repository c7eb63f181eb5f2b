import { Module } from '@nestjs/common';
import { LiveController } from './live.controller.js';

/** The live stream of fleet changes (SSE). */
@Module({ controllers: [LiveController] })
export class LiveModule {}
