import { Global, Module } from '@nestjs/common';
import { FleetEvents } from './fleet-events.js';

/** The fleet change bus, one per process, visible to every module. */
@Global()
@Module({ providers: [FleetEvents], exports: [FleetEvents] })
export class FleetEventsModule {}
