import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Metrics } from '../metrics/metrics.js';
import { SQLITE_WAL_KEEP_BYTES } from './data-source-options.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/** How often the checkpoint thread copies what the WAL gained into the database file. */
const CHECKPOINT_EVERY_MS = 1_000;

/** Checkpoints the embedded SQLite database off the event loop while the controller runs (see `WalCheckpointer`). */
@Injectable()
export class WalCheckpoints implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WalCheckpoints.name);
  private checkpointer: WalCheckpointer | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const { options } = this.dataSource;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:') return;
    this.checkpointer = WalCheckpointer.start({
      path: options.database,
      intervalMs: CHECKPOINT_EVERY_MS,
      walKeepBytes: SQLITE_WAL_KEEP_BYTES,
      onCheckpoint: ({ durationMs }) => this.metrics.sqliteCheckpoints.observe(durationMs / 1000),
      onError: (error) => this.logger.error(`the checkpoint thread stopped (commits checkpoint the WAL themselves from now on): ${error.message}`),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.checkpointer?.stop();
  }
}
