import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../test/sqlite-file.js';

describe('the embedded SQLite database', () => {
  it('opens in WAL mode with the fleet-sized cache, checkpoint interval and WAL limit', async () => {
    const { dataSource, close } = await openSqliteFile('sqlite-options');
    try {
      const pragma = async (name: string): Promise<unknown> => Object.values(((await dataSource.query(`PRAGMA ${name}`)) as Record<string, unknown>[])[0] ?? {})[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(1);
      expect(await pragma('cache_size')).toBe(-128 * 1024);
      expect(await pragma('wal_autocheckpoint')).toBe(16_384);
      expect(await pragma('journal_size_limit')).toBe(512 * 1024 * 1024);
    } finally {
      await close();
    }
  });

  it('keeps the WAL file at the size a burst grew it to, so the next burst writes into blocks it has', async () => {
    const { dataSource, path, close } = await openSqliteFile('sqlite-wal-keep');
    try {
      await dataSource.query('CREATE TABLE burst (page BLOB)');
      // ~80 MiB of frames in one transaction, past the 64 MiB the file was once cut back to.
      await dataSource.query('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO burst SELECT randomblob(4000) FROM n');
      const grown = (await stat(`${path}-wal`)).size;
      expect(grown).toBeGreaterThan(80 * 1000 * 1000);
      await dataSource.query('PRAGMA wal_checkpoint(PASSIVE)');
      // The first commit after a complete checkpoint starts the WAL over, and cuts the file to the limit.
      await dataSource.query('DELETE FROM burst WHERE rowid = 1');
      expect((await stat(`${path}-wal`)).size).toBe(grown);
    } finally {
      await close();
    }
  });
});
