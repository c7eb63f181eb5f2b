import { Global, Module } from '@nestjs/common';
import { FleetWriter } from './fleet-writer.js';

/** The one writer every module's multi-statement writes go through (see `FleetWriter`). */
@Global()
@Module({ providers: [FleetWriter], exports: [FleetWriter] })
export class DatabaseModule {}
