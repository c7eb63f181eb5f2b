import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { dataSourceOptions } from './data-source-options.js';

describe('the embedded SQLite database', () => {
  it('opens in WAL mode with the fleet-sized cache, checkpoint interval and WAL limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-sqlite-options-'));
    const dataSource = await new DataSource(dataSourceOptions({ type: 'sqlite', path: join(dir, 'gantry.db') })).initialize();
    try {
      const pragma = async (name: string): Promise<unknown> => Object.values(((await dataSource.query(`PRAGMA ${name}`)) as Record<string, unknown>[])[0] ?? {})[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(1);
      expect(await pragma('cache_size')).toBe(-128 * 1024);
      expect(await pragma('wal_autocheckpoint')).toBe(16_384);
      expect(await pragma('journal_size_limit')).toBe(64 * 1024 * 1024);
    } finally {
      await dataSource.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
