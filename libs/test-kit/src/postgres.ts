import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';
import { startServer } from './process.js';
import { uniqueName } from './names.js';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster on 127.0.0.1. */
export interface LocalPostgres {
  /** `postgres://gantry@127.0.0.1:<port>/postgres`; trust auth, loopback only. */
  url: string;
  /** Creates an empty database and returns its URL: one per test file keeps them apart. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server and deletes the cluster. */
  stop(): Promise<void>;
}

/**
 * Starts Debian's PostgreSQL binaries on a fresh cluster in a temp dir, on a free loopback
 * port, fsync off (a test cluster need not survive power loss). PostgreSQL refuses to run
 * as root, so as root the cluster belongs to the `postgres` user the package creates.
 */
export async function startPostgres(binDir?: string): Promise<LocalPostgres> {
  const bin = binDir ?? process.env['GANTRY_POSTGRES_BIN_DIR'] ?? (await newestPostgresBin());
  const dir = await mkdtemp(join(tmpdir(), 'gantry-postgres-'));
  const owner = await clusterOwner();
  if (owner !== undefined) await chown(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const asOwner = owner === undefined ? {} : { uid: owner.uid, gid: owner.gid };
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'gantry', '-A', 'trust', '-E', 'UTF8', '--no-sync'], { ...asOwner, cwd: dir });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as Error).message} (apt-get install postgresql)`);
  }
  const port = await freePort();
  const server = await startServer(
    join(bin, 'postgres'),
    ['-D', data, '-k', dir, '-h', '127.0.0.1', '-p', String(port), '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    {
      ...asOwner,
      cwd: dir,
      what: `PostgreSQL on 127.0.0.1:${port}`,
      installHint: 'apt-get install postgresql',
      ready: async () => {
        await run(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
        return true;
      },
    },
  ).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const url = `postgres://gantry@127.0.0.1:${port}/postgres`;
  return {
    url,
    async createDatabase(prefix = 'gantry') {
      const name = uniqueName(prefix).replace(/[^a-z0-9_]/g, '_');
      await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'gantry', name]);
      return `postgres://gantry@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function newestPostgresBin(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const newest = versions.filter((name) => /^[0-9]+$/.test(name)).sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error(`no PostgreSQL under ${root} (apt-get install postgresql)`);
  return join(root, newest, 'bin');
}

async function clusterOwner(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
