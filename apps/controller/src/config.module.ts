import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ControllerConfig } from './config.js';

/** Injection token of the `ControllerConfig`: `@Inject(CONTROLLER_CONFIG) config: ControllerConfig`. */
export const CONTROLLER_CONFIG = Symbol('ControllerConfig');

/** Makes the one configuration object injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ControllerConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONTROLLER_CONFIG, useValue: config }], exports: [CONTROLLER_CONFIG] };
  }
}
