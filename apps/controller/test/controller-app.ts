import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.js';
import { loadConfig, type ControllerConfig } from '../src/config.js';

/** A whole controller on a real SQLite file, listening on 127.0.0.1 on a free port. */
export interface RunningController {
  app: INestApplication;
  config: ControllerConfig;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startController(dataDir: string): Promise<RunningController> {
  const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0' });
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  // Port 0 asks the kernel for a free port; getUrl() reports the one it gave.
  return { app, config, baseUrl: `${await app.getUrl()}/api/v1`, close: () => app.close() };
}

/** A fresh temp folder; `remove` deletes it. */
export async function makeDataDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'gantry-controller-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
