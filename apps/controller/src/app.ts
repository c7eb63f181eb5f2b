import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { ControllerConfig } from './config.js';
import { DomainErrorFilter } from './http/domain-error.filter.js';

/** Every route lives under this prefix. */
export const API_PREFIX = 'api/v1';

/** Builds the controller (database connected, migrations applied) without listening yet. */
export async function createApp(config: ControllerConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  return app;
}
