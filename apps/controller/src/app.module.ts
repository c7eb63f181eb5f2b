import { mkdir } from 'node:fs/promises';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ControllerConfig } from './config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DevicesModule } from './devices/devices.module.js';
import { HealthController } from './health/health.controller.js';

/** Injection token of the `ControllerConfig`. */
export const CONTROLLER_CONFIG = Symbol('ControllerConfig');

/** The whole controller, built from one configuration object. */
@Module({})
export class AppModule {
  static forRoot(config: ControllerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            // SQLite creates the file on first start, but not the folder it lives in.
            if (config.database.type === 'sqlite') await mkdir(config.dataDir, { recursive: true });
            return dataSourceOptions(config.database);
          },
        }),
        DevicesModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: CONTROLLER_CONFIG, useValue: config }],
      exports: [CONTROLLER_CONFIG],
    };
  }
}
