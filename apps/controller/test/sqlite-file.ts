import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type Logger } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';

/** A migrated SQLite database file in a directory of its own, as the embedded controller opens it. */
export interface SqliteFile {
  readonly dataSource: DataSource;
  readonly dir: string;
  readonly path: string;
  /** Closes the database and removes its directory. */
  close(): Promise<void>;
}

/** Opens a fresh SQLite database file for a test about the embedded database; `logger` sees every query. */
export async function openSqliteFile(prefix: string, logger?: Logger): Promise<SqliteFile> {
  const dir = await mkdtemp(join(tmpdir(), `gantry-${prefix}-`));
  const path = join(dir, 'gantry.db');
  const options = dataSourceOptions({ type: 'sqlite', path });
  const dataSource = await new DataSource(logger === undefined ? options : { ...options, logging: ['query'], logger }).initialize();
  return {
    dataSource,
    dir,
    path,
    close: async () => {
      await dataSource.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
