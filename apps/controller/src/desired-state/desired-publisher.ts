import { buildTopic, type DesiredState } from '@gantry/protocol';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { MqttGateway } from '../mqtt/mqtt-gateway.js';
import { DesiredEncoder } from './desired-encoder.js';

/** At most this many publishes wait on the broker at once. */
const PUBLISH_CONCURRENCY = 64;

/** One gateway's desired document, ready to go. */
export interface DesiredDelivery {
  readonly deviceId: string;
  readonly desired: DesiredState;
}

/**
 * Puts desired documents on each gateway's retained `desired` topic. A document older
 * than one this process already sent to the same gateway is skipped, so a slow publish
 * can never leave a stale retained copy behind a newer one.
 */
@Injectable()
export class DesiredPublisher {
  private readonly logger = new Logger(DesiredPublisher.name);
  private readonly newestSent = new Map<string, number>();
  private readonly encoder = new DesiredEncoder();

  constructor(@Inject(MqttGateway) private readonly mqtt: MqttGateway) {}

  /**
   * Publishes every document, a bounded number at a time; resolves with the ones the broker
   * took. A failed publish is logged, not thrown: the republish loop sends it again.
   */
  async publishAll(deliveries: readonly DesiredDelivery[]): Promise<DesiredDelivery[]> {
    if (deliveries.length === 0) return [];
    const sent = from(deliveries).pipe(
      mergeMap(async (delivery) => ((await this.publish(delivery)) ? [delivery] : []), PUBLISH_CONCURRENCY),
      toArray(),
    );
    return (await lastValueFrom(sent)).flat();
  }

  private async publish({ deviceId, desired }: DesiredDelivery): Promise<boolean> {
    // Checked and recorded before the first await, so publishes reach the broker in version order.
    if ((this.newestSent.get(deviceId) ?? 0) > desired.version) return false;
    this.newestSent.set(deviceId, desired.version);
    try {
      await this.mqtt.publish(buildTopic({ kind: 'desired', deviceId }), this.encoder.payload(deviceId, desired), { qos: 1, retain: true });
      return true;
    } catch (error) {
      this.logger.warn(`could not publish desired version ${desired.version} to ${deviceId}; it will be republished: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
