// The controller as it ships (apps/controller/dist/main.js) for a fleet benchmark: its own
// process, SQLite in a temp dir, 127.0.0.1 only, and an admin password the fleet can use to
// mint enrollment tokens.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer } from '@gantry/test-kit';

const MAIN = join(import.meta.dirname, '..', '..', '..', 'apps', 'controller', 'dist', 'main.js');

/** A running controller. */
export interface FleetController {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly adminPassword: string;
  /** `fetch` of `/api/v1` + path as the admin; throws unless it answers 2xx. */
  post(path: string, body: unknown): Promise<unknown>;
  output(): string;
  /** Stops it and removes its data dir. */
  dispose(): Promise<void>;
}

/** Starts the built controller with `env` on top of its defaults and logs in as admin. */
export async function startFleetController(env: Record<string, string>): Promise<FleetController> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-bench-fleet-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminPassword = randomBytes(18).toString('base64url');
  const server = await startServer(process.execPath, [MAIN], {
    what: `the controller on ${url}`,
    installHint: 'build it with npx nx run @gantry/controller:build',
    captureStdout: true,
    timeoutMs: 60_000,
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', NO_COLOR: '1', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), ADMIN_PASSWORD: adminPassword, ...env },
    ready: async () => (await fetch(`${url}/healthz`)).ok,
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const call = async (path: string, body: unknown, token?: string): Promise<unknown> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
    const response = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as unknown;
  };
  const login = await call('/auth/login', { username: 'admin', password: adminPassword });
  const token: unknown = typeof login === 'object' && login !== null ? Reflect.get(login, 'token') : undefined;
  if (typeof token !== 'string') throw new Error(`the controller's login answer has no token: ${JSON.stringify(login)}`);
  return {
    url,
    adminPassword,
    post: (path, body) => call(path, body, token),
    output: () => server.output(),
    dispose: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
