import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module.js';
import { EventIngest } from './event-ingest.js';
import { FleetSync } from './fleet-sync.service.js';

/** Ingestion of gateway traffic: status, reported state, events, telemetry. */
@Module({ imports: [DeploymentsModule], providers: [FleetSync, EventIngest], exports: [FleetSync] })
export class FleetSyncModule {}
