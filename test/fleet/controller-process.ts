import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer, type ServerProcess } from '@gantry/test-kit';

/** The admin password of the controllers these tests start. */
export const ADMIN_PASSWORD = 'fleet-e2e-admin-password';

/** A built controller running as its own process on loopback, with a fresh SQLite file. */
export interface ControllerProcess {
  url: string;
  /** Where its SQLite file lives. */
  dataDir: string;
  /** `fetch` of the API (`/api/v1` + path) as the admin. */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node apps/controller/dist/main.js`: the controller package exports no app
 * factory to start it in-process, so the test runs it as it is deployed. It must be
 * built first (`npx nx run @gantry/controller:build`).
 */
export async function startControllerProcess(env: Record<string, string> = {}): Promise<ControllerProcess> {
  const main = createRequire(import.meta.url).resolve('@gantry/controller');
  if (!existsSync(main)) throw new Error(`${main} does not exist: build the controller first (npx nx run @gantry/controller:build)`);
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-fleet-e2e-'));
  const [port, mqttPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  let server: ServerProcess;
  try {
    server = await startServer(process.execPath, [main], {
      what: `the controller on ${url}`,
      installHint: 'build it with npx nx run @gantry/controller:build',
      captureStdout: true,
      timeoutMs: 30_000,
      env: {
        PATH: process.env['PATH'] ?? '',
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(port),
        MQTT_PORT: String(mqttPort),
        ADMIN_PASSWORD,
        ...env,
      },
      ready: async () => (await fetch(`${url}/healthz`)).ok,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const login = await call(url, '/auth/login', 'POST', { username: 'admin', password: ADMIN_PASSWORD }, undefined);
  const token = typeof login.body === 'object' && login.body !== null ? Reflect.get(login.body, 'token') : undefined;
  if (typeof token !== 'string') {
    await server.stop();
    throw new Error(`cannot log in to the test controller: ${login.status} ${JSON.stringify(login.body)}`);
  }
  return {
    url,
    dataDir,
    api: (path, init = {}) => call(url, path, init.method ?? 'GET', init.body, token),
    output: () => server.output(),
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function call(url: string, path: string, method: string, body: unknown, token: string | undefined): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}
