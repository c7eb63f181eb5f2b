import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';

/**
 * The database of a test controller: SQLite in the data dir (no env) in the `sqlite`
 * project, a fresh PostgreSQL database (`DATABASE_URL`) in the `postgres` project, so the
 * same integration tests prove both.
 */
export async function testDatabaseEnv(): Promise<Record<string, string>> {
  const adminUrl = inject('postgresUrl') as string | undefined;
  if (adminUrl === undefined) return {};
  const name = `gantry_${randomBytes(6).toString('hex')}`;
  const admin = await new DataSource({ type: 'postgres', url: adminUrl }).initialize();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.href };
}

/** Whether tests run against PostgreSQL (some assertions are about the SQLite file). */
export const onPostgres = (): boolean => inject('postgresUrl') !== undefined;
