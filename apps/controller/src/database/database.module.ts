import { Global, Module } from '@nestjs/common';
import { FleetWriter } from './fleet-writer.js';
import { WalCheckpoints } from './wal-checkpoints.js';

/** The one writer every module's multi-statement writes go through (see `FleetWriter`), and SQLite's checkpoints off the event loop. */
@Global()
@Module({ providers: [FleetWriter, WalCheckpoints], exports: [FleetWriter] })
export class DatabaseModule {}
