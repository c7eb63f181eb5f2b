import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Metrics } from '../metrics/metrics.js';
import { SQLITE_CHECKPOINT_PAGES } from './data-source-options.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/** How often the checkpoint thread looks for commits to copy into the database file. */
const CHECKPOINT_TICK_MS = 1_000;
/** How long commits may wait uncopied while more keep coming (see `WalCheckpointer`). */
const CHECKPOINT_MAX_DEFER_MS = 10_000;
/**
 * WAL pages after which a commit checkpoints itself while the thread runs: a backstop the
 * thread's checkpoints keep it far from (a 10,000-gateway fan-out writes ~40,000 in all).
 */
const BACKSTOP_PAGES = 65_536;

/**
 * Checkpoints the embedded SQLite database off the event loop while the controller runs
 * (see `WalCheckpointer`). Should the thread be lost, commits checkpoint the WAL themselves
 * again, as often as without it.
 */
@Injectable()
export class WalCheckpoints implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WalCheckpoints.name);
  private checkpointer: WalCheckpointer | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /** Whether the checkpoint thread runs. */
  get isRunning(): boolean {
    return this.checkpointer !== undefined;
  }

  async onModuleInit(): Promise<void> {
    const { options } = this.dataSource;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:') return;
    await this.autoCheckpointAfter(BACKSTOP_PAGES);
    this.checkpointer = WalCheckpointer.start({
      path: options.database,
      intervalMs: CHECKPOINT_TICK_MS,
      maxDeferMs: CHECKPOINT_MAX_DEFER_MS,
      onCheckpoint: ({ durationMs }) => this.metrics.sqliteCheckpoints.observe(durationMs / 1000),
      onError: (error) => this.logger.warn(`WAL checkpoint failed: ${error.message}`),
      onLost: () => {
        this.checkpointer = undefined;
        this.logger.error('the WAL checkpoint thread ended; commits checkpoint the WAL themselves from now on');
        this.autoCheckpointAfter(SQLITE_CHECKPOINT_PAGES).catch((error: unknown) => this.logger.error(`cannot restore the WAL's automatic checkpoint: ${String(error)}`));
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = undefined;
    await checkpointer?.stop();
  }

  private async autoCheckpointAfter(pages: number): Promise<void> {
    await this.dataSource.query(`PRAGMA wal_autocheckpoint = ${pages}`);
  }
}
