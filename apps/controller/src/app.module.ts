import { mkdir } from 'node:fs/promises';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ControllerConfig } from './config.js';
import { AppsModule } from './apps/apps.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommandsModule } from './commands/commands.module.js';
import { ConfigModule } from './config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DatabaseModule } from './database/database.module.js';
import { DeploymentsModule } from './deployments/deployments.module.js';
import { DesiredStateModule } from './desired-state/desired-state.module.js';
import { DevicesModule } from './devices/devices.module.js';
import { EnrollmentModule } from './enrollment/enrollment.module.js';
import { FleetEventsModule } from './fleet-events/fleet-events.module.js';
import { FleetSyncModule } from './fleet-sync/fleet-sync.module.js';
import { HealthController } from './health/health.controller.js';
import { LiveModule } from './live/live.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { MqttModule } from './mqtt/mqtt.module.js';

/** The whole controller, built from one configuration object. */
@Module({})
export class AppModule {
  static forRoot(config: ControllerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            // SQLite creates the file on first start, but not the folder it lives in.
            if (config.database.type === 'sqlite') await mkdir(config.dataDir, { recursive: true });
            return dataSourceOptions(config.database);
          },
        }),
        DatabaseModule,
        FleetEventsModule,
        MetricsModule,
        MqttModule.forRoot(config),
        AuthModule,
        DevicesModule,
        EnrollmentModule,
        FleetSyncModule,
        TelemetryModule,
        LiveModule,
        AppsModule,
        DesiredStateModule,
        DeploymentsModule,
        CommandsModule,
      ],
      controllers: [HealthController],
    };
  }
}
