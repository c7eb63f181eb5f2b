import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ControllerConfig } from '../config.js';
import { DevicesModule } from '../devices/devices.module.js';
import { EmbeddedMqttGateway } from './embedded-broker.js';
import { ExternalMqttGateway } from './external-client.js';
import { InboundRouter } from './inbound-router.js';
import { MqttGateway } from './mqtt-gateway.js';
import { SessionRevoker } from './session-revoker.js';

/**
 * Gateway traffic: `MqttGateway` to publish and end sessions, `InboundRouter` to handle
 * what gateways send. Global, since most feature modules need one or the other.
 */
@Global()
@Module({})
export class MqttModule {
  static forRoot(config: ControllerConfig): DynamicModule {
    return {
      module: MqttModule,
      imports: config.mqtt.mode === 'embedded' ? [DevicesModule] : [],
      providers: [
        InboundRouter,
        { provide: MqttGateway, useClass: config.mqtt.mode === 'embedded' ? EmbeddedMqttGateway : ExternalMqttGateway },
        SessionRevoker,
      ],
      exports: [MqttGateway, InboundRouter],
    };
  }
}
