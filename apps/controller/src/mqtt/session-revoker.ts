import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { MqttGateway } from './mqtt-gateway.js';

/** Ends a gateway's MQTT session as soon as it is revoked, whichever module revoked it. */
@Injectable()
export class SessionRevoker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionRevoker.name);
  private subscription: Subscription | undefined;

  constructor(
    @Inject(FleetEvents) private readonly fleetEvents: FleetEvents,
    @Inject(MqttGateway) private readonly gateway: MqttGateway,
  ) {}

  onModuleInit(): void {
    this.subscription = this.fleetEvents.stream.subscribe((event) => {
      if (event.type !== 'device.revoked') return;
      this.gateway.disconnect(event.deviceId).catch((error: unknown) => {
        this.logger.error(`could not end the MQTT session of revoked gateway ${event.deviceId}: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
