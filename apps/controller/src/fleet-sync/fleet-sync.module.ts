import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module.js';
import { EventIngest } from './event-ingest.js';
import { FleetSync } from './fleet-sync.service.js';
import { InboundBatch } from './inbound-batch.js';

/** Ingestion of gateway traffic: status, reported state, events, telemetry. */
@Module({ imports: [DeploymentsModule], providers: [FleetSync, EventIngest, InboundBatch], exports: [FleetSync] })
export class FleetSyncModule {}
