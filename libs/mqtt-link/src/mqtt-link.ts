import type { MqttConnectOptions, MqttLink, MqttLinkHandlers, MqttPublishOptions } from '@gantry/agent-core/sync';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { MqttConnectRefusedError, refusalCode } from './connack.js';

/** TLS settings for `mqtts://` and `wss://` URLs; absent fields take Node's defaults (system CAs, verify). */
export interface MqttTlsOptions {
  /** PEM of the CA that signed the broker's certificate (e.g. the controller's self-signed CA). */
  ca?: string | Buffer;
  /** PEM client certificate and key, for brokers that authenticate gateways by certificate. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Off only for tests against a throwaway certificate; default on. */
  rejectUnauthorized?: boolean;
  /** The name the certificate must carry when it differs from the URL's host. */
  servername?: string;
}

/** Where an {@link MqttJsLink} connects and how long it waits. */
export interface MqttJsLinkOptions {
  /**
   * Broker URLs in order of preference (`mqtt://`, `mqtts://`, `ws://`, `wss://`), as
   * enrollment handed them out. Each connect tries them in this order until one accepts.
   */
  urls: readonly string[];
  /** A connection attempt without CONNACK by then fails (per URL). Default 10 s. */
  connectTimeoutMs?: number;
  tls?: MqttTlsOptions;
}

const ignoreLog = (): void => undefined;

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
  private clientUrl: string | undefined;
  private isEnding = false;
  // Bumped by every connect and end: an attempt from an older generation stops trying URLs.
  private generation = 0;
  private readonly pending = new Set<PendingPublish>();

  constructor(private readonly options: MqttJsLinkOptions) {
    if (options.urls.length === 0) throw new Error('an MQTT link needs at least one broker URL');
  }

  /** Whether a connection is up now. */
  get isConnected(): boolean {
    return this.client?.connected === true;
  }

  /** The URL of the connection that is up, if any. */
  get connectedUrl(): string | undefined {
    return this.isConnected ? this.clientUrl : undefined;
  }

  async connect(options: MqttConnectOptions, handlers: MqttLinkHandlers): Promise<void> {
    const generation = ++this.generation;
    const failures: string[] = [];
    for (const url of this.options.urls) {
      if (generation !== this.generation) break;
      try {
        await this.connectTo(url, options, handlers);
        return;
      } catch (error) {
        if (error instanceof MqttConnectRefusedError && error.isFinal) throw error;
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (failures.length === 1) throw new Error(failures[0]);
    throw new Error(`no broker URL accepted the connection: ${failures.join('; ')}`);
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
    this.generation += 1;
    const client = this.client;
    this.client = undefined;
    this.failPending(new Error('connection ended'));
    if (!client) return;
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

  private connectTo(url: string, options: MqttConnectOptions, handlers: MqttLinkHandlers): Promise<void> {
    this.discard();
    this.isEnding = false;
    const { tls } = this.options;
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      username: options.username,
      password: options.password,
      keepalive: options.keepaliveS,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 0,
      // mqtt-packet's write cache pre-builds a Buffer for each of the 65,536 message ids:
      // ~6 MiB of a gateway's memory to save microseconds on a link that sends a few messages a minute.
      writeCache: false,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      // mqtt.js logs a dozen lines per message through `debug`, which costs its calls even when
      // nothing prints; a link keeps them only when DEBUG asks for some namespace's logs.
      ...(process.env['DEBUG'] ? {} : { log: ignoreLog }),
      will: { topic: options.will.topic, payload: Buffer.from(options.will.payload), qos: options.will.qos, retain: options.will.retain },
      ...(tls?.ca === undefined ? {} : { ca: tls.ca }),
      ...(tls?.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls?.key === undefined ? {} : { key: tls.key }),
      ...(tls?.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }),
      ...(tls?.servername === undefined ? {} : { servername: tls.servername }),
    };
    const client = mqtt.connect(url, clientOptions);
    this.client = client;
    this.clientUrl = url;
    return new Promise<void>((resolve, reject) => {
      let isOpen = false;
      let lastError: Error | undefined;
      client.on('connect', () => {
        isOpen = true;
        resolve();
      });
      client.on('message', (topic, payload) => handlers.onMessage(topic, payload));
      client.on('error', (error) => {
        const code = refusalCode(error);
        if (code !== undefined) lastError = new MqttConnectRefusedError(url, code);
        else lastError = isOpen ? error : new Error(`cannot connect to ${url}: ${error.message}`);
        // A refused CONNACK ends the attempt; mqtt.js would otherwise leave the socket to close by itself.
        if (!isOpen) {
          reject(lastError);
          client.end(true);
        }
      });
      client.on('close', () => {
        // Also when ended or replaced while connecting: the attempt must settle.
        if (!isOpen) reject(lastError ?? new Error(`connection to ${url} closed before the broker accepted it`));
        if (this.client !== client) return;
        this.failPending(new Error(`connection to ${url} closed`));
        if (!isOpen) return;
        isOpen = false;
        this.client = undefined;
        client.end(true);
        if (!this.isEnding) handlers.onConnectionLost(lastError);
      });
    });
  }

  private discard(): void {
    const client = this.client;
    this.client = undefined;
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
