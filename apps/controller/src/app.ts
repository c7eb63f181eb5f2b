import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { ControllerConfig } from './config.js';
import { DomainErrorFilter } from './http/domain-error.filter.js';
import { serveOpenApi } from './http/openapi.js';
import { CONTROLLER_VERSION } from './version.js';

/** Every route lives under this prefix, except the probes scrapers and orchestrators expect at the root. */
export const API_PREFIX = 'api/v1';
const ROOT_ROUTES = ['healthz', 'healthz/live', 'metrics'];

/** Builds the controller (database connected, migrations applied) without listening yet. */
export async function createApp(config: ControllerConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  app.setGlobalPrefix(API_PREFIX, { exclude: ROOT_ROUTES });
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  serveOpenApi(app, CONTROLLER_VERSION);
  return app;
}
