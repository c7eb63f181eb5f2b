import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { z } from 'zod';
import { createApp } from '../src/app.js';
import { loadConfig, type ControllerConfig } from '../src/config.js';
import { testDatabaseEnv } from './test-database.js';

/** A whole controller on a real SQLite file, listening on 127.0.0.1 on a free port. */
export interface RunningController {
  app: INestApplication;
  config: ControllerConfig;
  baseUrl: string;
  /** A bearer token of the bootstrap admin, once auth exists; `api()` sends it. */
  token: string | undefined;
  /** `fetch` of `<baseUrl><path>` with the admin's credentials and JSON bodies. */
  api(path: string, init?: ApiInit): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface ApiInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send no credentials (to test that a route refuses anonymous callers). */
  anonymous?: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The bootstrap admin's password in tests, unless a test's env says otherwise. */
export const TEST_ADMIN_PASSWORD = 'gantry-test-admin-password';

/**
 * Starts a controller and logs in as the bootstrap admin, so `api()` calls are
 * authenticated. `env` adds or overrides environment variables; `ADMIN_PASSWORD: ''`
 * leaves the password to be generated, and then nobody is logged in (`token` stays unset).
 */
export async function startController(dataDir: string, env: Record<string, string | undefined> = {}): Promise<RunningController> {
  const database = await testDatabaseEnv();
  const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', MQTT_PORT: '0', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, ...database, ...env });
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  // Port 0 asks the kernel for a free port; getUrl() reports the one it gave.
  const baseUrl = `${await app.getUrl()}/api/v1`;
  const controller: RunningController = {
    app,
    config,
    baseUrl,
    token: undefined,
    api: (path, init = {}) => callApi(baseUrl, path, init, init.anonymous === true ? undefined : controller.token),
    close: () => app.close(),
  };
  if (config.adminPassword !== undefined) {
    try {
      controller.token = await logIn(controller, 'admin', config.adminPassword);
    } catch (error) {
      await app.close();
      throw error;
    }
  }
  return controller;
}

/** A session token for these credentials; throws when the controller refuses them. */
export async function logIn(controller: RunningController, username: string, password: string): Promise<string> {
  const response = await controller.api('/auth/login', { method: 'POST', body: { username, password }, anonymous: true });
  const session = z.object({ token: z.string() }).safeParse(response.body);
  if (response.status !== 200 || !session.success) {
    throw new Error(`logging in as ${username} failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return session.data.token;
}

async function callApi(baseUrl: string, path: string, init: ApiInit, token: string | undefined): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined && typeof init.body !== 'string') headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') && text !== '' ? (JSON.parse(text) as unknown) : text };
}

/** A fresh temp folder; `remove` deletes it. */
export async function makeDataDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'gantry-controller-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
