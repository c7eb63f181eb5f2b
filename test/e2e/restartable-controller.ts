import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer, type ServerProcess } from '@gantry/test-kit';
import { ADMIN_PASSWORD, type ControllerProcess } from '../fleet/controller-process.js';

/** A built controller process that can go away and come back on the same ports and database. */
export interface RestartableController extends ControllerProcess {
  /** Stops the process (SIGTERM), keeping its data dir: the cloud is gone for its gateways. */
  halt(): Promise<void>;
  /** Starts it again on the same ports and SQLite file, and logs in again. */
  resume(): Promise<void>;
}

/**
 * Like `startControllerProcess` of the fleet tests, but its ports and data dir outlive the
 * process: enrolled gateways hold its broker URLs, so an outage test must bring it back
 * where it was.
 */
export async function startRestartableController(env: Record<string, string> = {}): Promise<RestartableController> {
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
