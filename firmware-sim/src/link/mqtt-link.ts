import type { MqttConnectOptions, MqttLink, MqttLinkHandlers, MqttPublishOptions } from '@gantry/agent-core';
import mqtt, { type MqttClient } from 'mqtt';

/** Where an {@link MqttJsLink} connects and how long it waits. */
export interface MqttJsLinkOptions {
  /** `mqtt://host:port` (or `ws://…`), as enrollment handed it out. */
  url: string;
  /** A connection attempt without CONNACK by then fails. Default 10 s. */
  connectTimeoutMs?: number;
}

/** A publish waiting for its PUBACK (or, at QoS 0, for the socket to take it). */
interface PendingPublish {
  reject(error: Error): void;
}

/**
 * The sync session's MQTT connection over mqtt.js: one client per `connect`, automatic
 * reconnect off (the session owns retries), and every publish settled: on PUBACK, or with
 * an error when the connection ends first. mqtt.js itself would keep such a message for a
 * reconnect that never comes with `reconnectPeriod: 0`, so the link tracks them.
 */
export class MqttJsLink implements MqttLink {
  private client: MqttClient | undefined;
  private isEnding = false;
  private readonly pending = new Set<PendingPublish>();
  /** Fails the connection attempt in progress, if any. */
  private abandonAttempt: ((error: Error) => void) | undefined;

  constructor(private readonly options: MqttJsLinkOptions) {}

  /** Whether a connection is up now. */
  get isConnected(): boolean {
    return this.client?.connected === true;
  }

  connect(options: MqttConnectOptions, handlers: MqttLinkHandlers): Promise<void> {
    this.discard();
    this.isEnding = false;
    const client = mqtt.connect(this.options.url, {
      clientId: options.clientId,
      username: options.username,
      password: options.password,
      keepalive: options.keepaliveS,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      will: { topic: options.will.topic, payload: Buffer.from(options.will.payload), qos: options.will.qos, retain: options.will.retain },
    });
    this.client = client;
    return new Promise<void>((resolve, reject) => {
      let isOpen = false;
      let lastError: Error | undefined;
      this.abandonAttempt = reject;
      client.on('connect', () => {
        isOpen = true;
        this.abandonAttempt = undefined;
        resolve();
      });
      client.on('message', (topic, payload) => handlers.onMessage(topic, payload));
      client.on('error', (error) => {
        lastError = error;
        // A refused CONNACK ends the attempt; mqtt.js would otherwise leave the socket to close by itself.
        if (!isOpen) {
          reject(error);
          client.end(true);
        }
      });
      client.on('close', () => {
        // Also when ended or replaced while connecting: the attempt must settle.
        if (!isOpen) reject(lastError ?? new Error(`connection to ${this.options.url} closed before the broker accepted it`));
        if (this.client !== client) return;
        this.failPending(new Error(`connection to ${this.options.url} closed`));
        if (!isOpen) return;
        isOpen = false;
        this.client = undefined;
        client.end(true);
        if (!this.isEnding) handlers.onConnectionLost(lastError);
      });
    });
  }

  publish(topic: string, payload: string, options: MqttPublishOptions): Promise<void> {
    const client = this.client;
    // mqtt.js queues what is published while disconnected; the session wants to know at once.
    if (!client?.connected) return Promise.reject(new Error('not connected'));
    return new Promise<void>((resolve, reject) => {
      const entry: PendingPublish = { reject };
      this.pending.add(entry);
      client.publish(topic, payload, { qos: options.qos, retain: options.retain }, (error) => {
        if (!this.pending.delete(entry)) return;
        if (error) reject(error);
        else resolve();
      });
    });
  }

  subscribe(filters: readonly string[]): Promise<void> {
    const client = this.client;
    if (!client?.connected) return Promise.reject(new Error('not connected'));
    return new Promise<void>((resolve, reject) => {
      client.subscribe([...filters], { qos: 1 }, (error, granted) => {
        if (error) return reject(error);
        // SUBACK return code 128 is the broker's refusal of one filter.
        const refused = (granted ?? []).filter((grant) => grant.qos === 128).map((grant) => grant.topic);
        if (refused.length > 0) reject(new Error(`the broker refused the subscription to ${refused.join(', ')}`));
        else resolve();
      });
    });
  }

  async end(): Promise<void> {
    this.isEnding = true;
    const client = this.client;
    this.client = undefined;
    this.failPending(new Error('connection ended'));
    this.abandonAttempt?.(new Error('connection closed: ended before the broker accepted it'));
    this.abandonAttempt = undefined;
    if (!client) return;
    if (!client.connected) {
      // Still connecting: there is no session to say goodbye to.
      client.end(true);
      return;
    }
    // A clean end waits for every PUBACK outstanding; those were given up above, so
    // drop them from mqtt.js too and say DISCONNECT at once (no Will).
    for (const messageId of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(messageId));
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
  }

  /**
   * Drops the connection the way a network failure does: no DISCONNECT, so the broker
   * publishes the Will, and the session hears `onConnectionLost`.
   */
  sever(): void {
    this.client?.stream.destroy();
  }

  private discard(): void {
    const client = this.client;
    this.client = undefined;
    this.abandonAttempt?.(new Error('connection closed: replaced by a new attempt'));
    this.abandonAttempt = undefined;
    if (client) {
      this.failPending(new Error('connection replaced'));
      client.end(true);
    }
  }

  private failPending(error: Error): void {
    for (const entry of this.pending) entry.reject(error);
    this.pending.clear();
  }
}
