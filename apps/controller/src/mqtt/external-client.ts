import { randomUUID } from 'node:crypto';
import { controllerSubscriptions, fleetFilter } from '@gantry/protocol';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { connect, type MqttClient } from 'mqtt';
import type { ControllerConfig } from '../config.js';
import { CONTROLLER_CONFIG } from '../config.module.js';
import { Metrics } from '../metrics/metrics.js';
import { InboundRouter } from './inbound-router.js';
import { MqttGateway, outboundKind, type BrokerDescription, type PublishOptions } from './mqtt-gateway.js';

type ExternalConfig = Extract<ControllerConfig['mqtt'], { mode: 'external' }>;

// Reconnect delay doubles from the first to the last while the broker stays away.
const FIRST_RECONNECT_MS = 1_000;
const LAST_RECONNECT_MS = 30_000;

/**
 * The controller as a client of an external broker cluster (several replicas). Every
 * replica joins one shared-subscription group, so the broker hands each gateway message
 * to exactly one of them.
 *
 * The session is clean, with a fresh client id per process: a persistent session of a
 * replica that is gone for good would hold its share of the fleet's messages with nobody
 * to collect them, while with clean sessions the broker gives them to the replicas that
 * are still connected. What is published while no replica is connected heals by itself:
 * agents republish status and reports, and desired states are republished until acked.
 *
 * Authorisation of gateways is the broker's own (its ACL must confine each gateway to
 * `gantry/v1/<id>/`), and so is ending a revoked gateway's session: see `disconnect`.
 */
@Injectable()
export class ExternalMqttGateway extends MqttGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MqttClient');
  private readonly mqtt: ExternalConfig;
  private client: MqttClient | undefined;
  private isSubscribed = false;

  constructor(
    @Inject(CONTROLLER_CONFIG) config: ControllerConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(InboundRouter) private readonly router: InboundRouter,
  ) {
    super();
    if (config.mqtt.mode !== 'external') throw new Error('the external MQTT gateway needs MQTT mode "external" (MQTT_URL)');
    this.mqtt = config.mqtt;
  }

  onApplicationBootstrap(): void {
    // Not awaited: a controller whose broker is away still serves its API and reports not ready.
    const client = connect(this.mqtt.url, {
      protocolVersion: 5,
      clientId: `gantry-controller-${randomUUID()}`,
      clean: true,
      reconnectPeriod: FIRST_RECONNECT_MS,
      // Subscriptions are renewed on every connect below, so isReady() covers them too.
      resubscribe: false,
    });
    client.on('connect', () => {
      client.options.reconnectPeriod = FIRST_RECONNECT_MS;
      void this.subscribe(client);
    });
    client.on('close', () => {
      this.isSubscribed = false;
    });
    client.on('reconnect', () => {
      client.options.reconnectPeriod = Math.min((client.options.reconnectPeriod ?? FIRST_RECONNECT_MS) * 2, LAST_RECONNECT_MS);
    });
    client.on('error', (error) => this.logger.warn(`MQTT broker ${this.redactedUrl()}: ${error.message}`));
    client.on('message', (topic, payload) => void this.router.dispatch(topic, payload));
    this.client = client;
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.endAsync();
    await this.router.drain();
  }

  async publish(topic: string, payload: Buffer, options: PublishOptions): Promise<void> {
    const kind = outboundKind(topic);
    if (this.client === undefined) throw new Error('the MQTT client has not started');
    await this.client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain });
    this.metrics.messagesOut.inc({ kind });
  }

  /**
   * A session on a foreign broker cannot be ended from here. The gateway's credentials
   * must be refused by the broker's own authentication (fed from the controller's
   * registry); until then the session lives on, and its messages are still decoded and
   * checked against its topic as any other.
   */
  disconnect(deviceId: string): Promise<void> {
    this.logger.warn(`gateway ${deviceId} was revoked; the external broker must refuse its credentials to end its session`);
    return Promise.resolve();
  }

  isReady(): boolean {
    return this.client?.connected === true && this.isSubscribed;
  }

  describe(): BrokerDescription {
    return { mode: 'external', url: this.redactedUrl() };
  }

  // The URL may carry the controller's password; logs, health checks and banners must not.
  private redactedUrl(): string {
    const url = new URL(this.mqtt.url);
    url.username = '';
    url.password = '';
    return url.toString();
  }

  private async subscribe(client: MqttClient): Promise<void> {
    // Answers to commands reach every replica, not one of the group: only the replica that
    // sent a command waits for its answer, and the broker cannot know which one that is.
    const answers = fleetFilter('cmd-res');
    const filters = [...controllerSubscriptions(this.mqtt.shareGroup).filter((filter) => !filter.endsWith(answers)), answers];
    try {
      await client.subscribeAsync(filters, { qos: 1 });
      this.isSubscribed = client.connected;
    } catch (error) {
      // A refused filter (SUBACK 128) lands here too: the broker's ACL must let the controller's user read them.
      this.logger.error(`the MQTT broker did not take the controller's subscriptions (${filters.join(', ')}); retrying on the next connect: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
