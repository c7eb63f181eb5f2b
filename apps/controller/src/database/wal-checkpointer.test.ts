import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteFile, type SqliteFile } from '../../test/sqlite-file.js';
import { WalCheckpointer, type Checkpoint } from './wal-checkpointer.js';

describe('WalCheckpointer', () => {
  let file: SqliteFile;
  let path: string;
  let dataSource: DataSource;
  const checkpoints: Checkpoint[] = [];
  const errors: Error[] = [];
  let losses = 0;

  beforeEach(async () => {
    file = await openSqliteFile('checkpointer');
    ({ path, dataSource } = file);
    // Only the thread checkpoints in these tests.
    await dataSource.query('PRAGMA wal_autocheckpoint = 0');
    await dataSource.query('CREATE TABLE ballast (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    // The migrations' pages out of the way: what the thread copies is what a test wrote.
    await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    checkpoints.length = 0;
    errors.length = 0;
    losses = 0;
  });

  afterEach(async () => {
    await file.close();
  });

  /** Commits about `pages` pages of rows to the WAL. */
  async function write(pages: number): Promise<void> {
    await dataSource.transaction(async (manager) => {
      for (let row = 0; row < pages; row += 1) await manager.query('INSERT INTO ballast (body) VALUES (?)', ['x'.repeat(3_500)]);
    });
  }

  function start(at = path, maxDeferMs = 10_000): WalCheckpointer {
    return WalCheckpointer.start({
      path: at,
      intervalMs: 20,
      maxDeferMs,
      onCheckpoint: (done) => checkpoints.push(done),
      onError: (error) => errors.push(error),
      onLost: () => (losses += 1),
    });
  }

  it("copies the WAL into the database file from its own thread, leaving the writer's connection nothing to do", async () => {
    const sizeBefore = (await stat(path)).size;
    await write(300);
    const checkpointer = start();
    try {
      await vi.waitFor(() => expect(checkpoints.some((done) => done.copiedPages >= 300 && done.copiedPages === done.walPages)).toBe(true), { timeout: 10_000 });
      expect((await stat(path)).size).toBeGreaterThan(sizeBefore + 300 * 3_500);
      const [left] = (await dataSource.query('PRAGMA wal_checkpoint(PASSIVE)')) as { log: number; checkpointed: number }[];
      // Everything in the WAL was already in the database file.
      expect(left?.checkpointed).toBe(left?.log);
      expect(errors).toEqual([]);
    } finally {
      await checkpointer.stop();
    }
  });

  it('reports nothing while the WAL gains nothing, and stops for good', async () => {
    const checkpointer = start();
    await write(50);
    await vi.waitFor(() => expect(checkpoints).toHaveLength(1), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkpoints).toHaveLength(1);
    await checkpointer.stop();
    await write(50);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkpoints).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(losses).toBe(0);
  });

  it('lets a burst of commits gather, copying at most once per deferral while it lasts and all of it once it pauses', async () => {
    const checkpointer = start(path, 400);
    try {
      // A commit every few milliseconds for 1.6 s: every one of the thread's ticks sees new ones.
      const burstEnds = performance.now() + 1_600;
      while (performance.now() < burstEnds) {
        await write(1);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      const duringBurst = checkpoints.length;
      // Copied every tick, as before, a burst this long took some 80 checkpoints; a loaded
      // machine may pause the writer for a tick now and then, which rightly copies too.
      expect(duringBurst).toBeGreaterThanOrEqual(1);
      expect(duringBurst).toBeLessThanOrEqual(20);
      await vi.waitFor(() => expect(checkpoints.length).toBeGreaterThan(duringBurst), { timeout: 10_000 });
      const last = checkpoints.at(-1);
      expect(last?.copiedPages).toBe(last?.walPages);
      expect(errors).toEqual([]);
    } finally {
      await checkpointer.stop();
    }
  });

  it('says when its thread fails and ends on its own', async () => {
    const checkpointer = start(join(file.dir, 'missing.db'));
    await vi.waitFor(() => expect(losses).toBe(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(errors.map((error) => error.message).join()).toMatch(/unable to open|does not exist/i));
    await checkpointer.stop();
    expect(losses).toBe(1);
  });
});
