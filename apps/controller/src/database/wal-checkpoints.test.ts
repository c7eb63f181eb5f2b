import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Metrics } from '../metrics/metrics.js';
import { openSqliteFile, type SqliteFile } from '../../test/sqlite-file.js';
import { dataSourceOptions } from './data-source-options.js';
import { WalCheckpoints } from './wal-checkpoints.js';

describe('WalCheckpoints', () => {
  let file: SqliteFile;
  let dataSource: DataSource;

  beforeEach(async () => {
    file = await openSqliteFile('checkpoints');
    dataSource = file.dataSource;
  });

  afterEach(async () => {
    await file.close();
  });

  const autoCheckpoint = async (): Promise<unknown> => ((await dataSource.query('PRAGMA wal_autocheckpoint')) as { wal_autocheckpoint: number }[])[0]?.wal_autocheckpoint;

  it('runs the checkpoint thread, with the commits’ own checkpoint pushed back to a backstop, and records checkpoints', async () => {
    const metrics = new Metrics();
    const checkpoints = new WalCheckpoints(dataSource, metrics);
    await checkpoints.onModuleInit();
    try {
      expect(checkpoints.isRunning).toBe(true);
      expect(await autoCheckpoint()).toBe(65_536);
      await dataSource.query('CREATE TABLE ballast (body TEXT)');
      await vi.waitFor(async () => expect((await metrics.sqliteCheckpoints.get()).values.find((value) => value.metricName?.endsWith('_count'))?.value).toBeGreaterThan(0), {
        timeout: 10_000,
      });
    } finally {
      await checkpoints.onModuleDestroy();
    }
    expect(checkpoints.isRunning).toBe(false);
  });

  it('lets commits checkpoint the WAL themselves again when the thread is lost', async () => {
    // The thread opens a file that is not there, and ends.
    const elsewhere = new Proxy(dataSource, {
      get: (target, property, receiver) => (property === 'options' ? { ...target.options, database: join(file.dir, 'missing.db') } : (Reflect.get(target, property, receiver) as unknown)),
    });
    const checkpoints = new WalCheckpoints(elsewhere, new Metrics());
    await checkpoints.onModuleInit();
    await vi.waitFor(() => expect(checkpoints.isRunning).toBe(false), { timeout: 10_000 });
    await vi.waitFor(async () => expect(await autoCheckpoint()).toBe(16_384));
    await checkpoints.onModuleDestroy();
  });

  it('runs no thread for a database in memory', async () => {
    const memory = await new DataSource(dataSourceOptions({ type: 'sqlite', path: ':memory:' })).initialize();
    try {
      const checkpoints = new WalCheckpoints(memory, new Metrics());
      await checkpoints.onModuleInit();
      expect(checkpoints.isRunning).toBe(false);
    } finally {
      await memory.destroy();
    }
  });
});
