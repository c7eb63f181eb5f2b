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
      expect(await pragma('journal_size_limit')).toBe(64 * 1024 * 1024);
    } finally {
      await close();
    }
  });
});
