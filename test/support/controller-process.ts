import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer, type ServerProcess } from '@gantry/test-kit';

/** The admin password of the controllers these tests start. */
export const ADMIN_PASSWORD = 'fleet-e2e-admin-password';

/**
 * A built controller running as its own process on loopback, with a fresh SQLite file. Its
 * ports and data dir outlive the process: enrolled gateways hold its broker URLs, so an
 * outage test can bring it back where it was.
 */
export interface ControllerProcess {
  url: string;
  /** Where its SQLite file lives. */
  dataDir: string;
  /** `fetch` of the API (`/api/v1` + path) as the admin. */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
  output(): string;
  /** Stops the process (SIGTERM), keeping its data dir: the cloud is gone for its gateways. */
  halt(): Promise<void>;
  /** Starts it again on the same ports and SQLite file, and logs in again. */
  resume(): Promise<void>;
  /** Stops it for good and deletes its data dir. */
  stop(): Promise<void>;
}

/**
 * Starts `node apps/controller/dist/main.js`: the controller package exports no app
 * factory to start it in-process, so the tests run it as it is deployed. It must be
 * built first (`npx nx run @gantry/controller:build`; the test target depends on it).
 */
export async function startControllerProcess(env: Record<string, string> = {}): Promise<ControllerProcess> {
  const main = createRequire(import.meta.url).resolve('@gantry/controller');
  if (!existsSync(main)) throw new Error(`${main} does not exist: build the controller first (npx nx run @gantry/controller:build)`);
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-e2e-controller-'));
  const [port, mqttPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  let server: ServerProcess | undefined;
  let token: string | undefined;
  let earlierOutput = '';

  const boot = async () => {
    server = await startServer(process.execPath, [main], {
      what: `the controller on ${url}`,
      installHint: 'build it with npx nx run @gantry/controller:build',
      captureStdout: true,
      timeoutMs: 30_000,
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), MQTT_PORT: String(mqttPort), ADMIN_PASSWORD, ...env },
      ready: async () => (await fetch(`${url}/healthz`)).ok,
    });
    const login = await call(url, '/auth/login', 'POST', { username: 'admin', password: ADMIN_PASSWORD }, undefined);
    const value = typeof login.body === 'object' && login.body !== null ? Reflect.get(login.body, 'token') : undefined;
    if (typeof value !== 'string') throw new Error(`cannot log in to the test controller: ${login.status} ${JSON.stringify(login.body)}`);
    token = value;
  };
  const halt = async () => {
    earlierOutput += server?.output() ?? '';
    await server?.stop();
    server = undefined;
  };

  try {
    await boot();
  } catch (error) {
    await halt();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    dataDir,
    api: (path, init = {}) => call(url, path, init.method ?? 'GET', init.body, token),
    output: () => earlierOutput + (server?.output() ?? ''),
    halt,
    resume: boot,
    stop: async () => {
      await halt();
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
