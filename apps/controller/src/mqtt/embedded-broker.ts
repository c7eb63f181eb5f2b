import type { Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Aedes, type AedesPublishPacket, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { ControllerConfig } from '../config.js';
import { CONTROLLER_CONFIG } from '../config.module.js';
import { DevicesService } from '../devices/devices.service.js';
import { Metrics } from '../metrics/metrics.js';
import { claimOf, ConnectRefusal, isServicePassword, mayPublish, maySubscribe, type BrokerIdentity, type ConnectRefusalCode } from './broker-auth.js';
import { InboundRouter } from './inbound-router.js';
import { MqttGateway, outboundKind, type BrokerDescription, type PublishOptions } from './mqtt-gateway.js';
import { loadServicePassword } from './service-identity.js';
import { listenTcp, type TcpListener } from './tcp-listener.js';
import { attachWebSocket, type WebSocketListener } from './websocket.js';
import { indexedMemoryPersistence } from './retained-index.js';

type EmbeddedConfig = Extract<ControllerConfig['mqtt'], { mode: 'embedded' }>;

class ConnectRefused extends Error {
  constructor(
    readonly returnCode: ConnectRefusalCode,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * The embedded aedes broker (one controller process): gateways connect over TCP or
 * WebSocket with the credentials issued at enrollment, and may publish and subscribe only
 * under their own topic prefix. What they publish goes to the `InboundRouter`.
 */
@Injectable()
export class EmbeddedMqttGateway extends MqttGateway implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MqttBroker');
  private readonly mqtt: EmbeddedConfig;
  private readonly identities = new WeakMap<Client, BrokerIdentity>();
  private readonly gateways = new Map<string, Client>();
  private broker: Aedes | undefined;
  private tcp: TcpListener | undefined;
  private webSocket: WebSocketListener | undefined;
  private servicePassword = '';
  private isClosing = false;

  constructor(
    @Inject(CONTROLLER_CONFIG) private readonly config: ControllerConfig,
    @Inject(DevicesService) private readonly devices: DevicesService,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(InboundRouter) private readonly router: InboundRouter,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {
    super();
    if (config.mqtt.mode !== 'embedded') throw new Error('the embedded MQTT gateway needs MQTT mode "embedded"');
    this.mqtt = config.mqtt;
  }

  async onModuleInit(): Promise<void> {
    this.servicePassword = await loadServicePassword(this.config.mqttServicePassword, this.config.dataDir);
    const broker = await Aedes.createBroker({
      persistence: indexedMemoryPersistence(),
      authenticate: (client, username, password, done) => {
        this.authenticate(client, username, password).then(
          (identity) => {
            this.identities.set(client, identity);
            done(null, true);
          },
          (error: unknown) => done(this.refuseConnect(client, error), false),
        );
      },
      authorizePublish: (client, packet, done) => done(this.authorizePublish(client, packet)),
      authorizeSubscribe: (client, subscription, done) => done(null, this.authorizeSubscribe(client, subscription)),
    });
    broker.on('client', (client) => this.trackSession(client, true));
    broker.on('clientDisconnect', (client) => this.trackSession(client, false));
    broker.on('publish', (packet, client) => this.routeInbound(packet, client));
    this.broker = broker;
    // No gateway has a session with a broker that has just started, whatever the last run recorded.
    const stale = await this.devices.markAllOffline();
    if (stale > 0) this.logger.log(`${stale} gateway(s) recorded online by the last run marked offline until they reconnect`);
    try {
      this.tcp = await listenTcp(broker.handle, this.mqtt.host, this.mqtt.port);
    } catch (error) {
      broker.close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the MQTT broker cannot listen on ${this.mqtt.host}:${this.mqtt.port} (${reason}); set MQTT_PORT to a free port, or 0 for any`, { cause: error });
    }
  }

  onApplicationBootstrap(): void {
    // Absent in a Nest context without HTTP; the HTTP server exists before it listens.
    const server: Server | undefined = this.adapterHost.httpAdapter?.getHttpServer();
    if (server === undefined || this.broker === undefined) return;
    this.webSocket = attachWebSocket(server, this.mqtt.wsPath, this.broker.handle);
  }

  async onModuleDestroy(): Promise<void> {
    // The broker going down is not the gateways going down: their Wills, which aedes
    // publishes as it closes each session, must not mark the fleet offline.
    this.isClosing = true;
    await this.webSocket?.close();
    await this.tcp?.close();
    const broker = this.broker;
    if (broker !== undefined) await new Promise<void>((resolve) => broker.close(() => resolve()));
    // Messages already taken in finish before the database closes.
    await this.router.drain();
  }

  async publish(topic: string, payload: Buffer, options: PublishOptions): Promise<void> {
    const kind = outboundKind(topic);
    const broker = this.requireBroker();
    const packet: PublishPacket = { cmd: 'publish', topic, payload, qos: options.qos, retain: options.retain, dup: false };
    await new Promise<void>((resolve, reject) => broker.publish(packet, (error) => (error ? reject(error) : resolve())));
    this.metrics.messagesOut.inc({ kind });
  }

  async disconnect(deviceId: string): Promise<void> {
    const client = this.gateways.get(deviceId);
    if (client === undefined) return;
    this.logger.log(`closing the MQTT session of gateway ${deviceId}`);
    await new Promise<void>((resolve) => client.close(() => resolve()));
  }

  isReady(): boolean {
    return !this.isClosing && this.broker !== undefined && !this.broker.closed && this.tcp !== undefined;
  }

  describe(): BrokerDescription {
    const host = this.mqtt.host.includes(':') ? `[${this.mqtt.host}]` : this.mqtt.host;
    return { mode: 'embedded', tcpUrl: `mqtt://${host}:${this.tcp?.port ?? this.mqtt.port}`, wsPath: this.mqtt.wsPath };
  }

  private async authenticate(client: Client, username: string | undefined, password: Buffer | undefined): Promise<BrokerIdentity> {
    const claim = claimOf(client.id, username, password);
    switch (claim.kind) {
      case 'refused':
        throw new ConnectRefused(claim.code, claim.reason);
      case 'service':
        if (!isServicePassword(claim.password, this.servicePassword)) throw new ConnectRefused(ConnectRefusal.badUsernameOrPassword, 'wrong service password');
        return { kind: 'service' };
      case 'gateway': {
        let isValid: boolean;
        try {
          isValid = await this.devices.authenticate(claim.deviceId, claim.secret);
        } catch (error) {
          throw new ConnectRefused(ConnectRefusal.serverUnavailable, `credentials could not be checked: ${error instanceof Error ? error.message : String(error)}`);
        }
        // Unknown, revoked and wrong secret look the same from outside.
        if (!isValid) throw new ConnectRefused(ConnectRefusal.badUsernameOrPassword, 'unknown or revoked device, or wrong secret');
        return { kind: 'gateway', deviceId: claim.deviceId };
      }
    }
  }

  private refuseConnect(client: Client, error: unknown): AuthenticateError {
    const refusal = error instanceof ConnectRefused ? error : new ConnectRefused(ConnectRefusal.serverUnavailable, String(error));
    this.metrics.mqttRefusals.inc({ action: 'connect' });
    this.logger.warn(`refused MQTT connection of client ${quote(client.id)}: ${refusal.message}`);
    return refusal;
  }

  private authorizePublish(client: Client | null, packet: PublishPacket): Error | null {
    // aedes passes no client only for a Will it stored while its session was authorised.
    if (client === null) return null;
    const identity = this.identities.get(client);
    if (identity !== undefined && mayPublish(identity, packet.topic)) return null;
    this.refuse('publish', identity, client, packet.topic);
    // An error makes aedes close the connection (MQTT 3.1.1 has no way to refuse one publish).
    return new Error(`publish to ${packet.topic} is not allowed`);
  }

  private authorizeSubscribe(client: Client, subscription: Subscription): Subscription | null {
    const identity = this.identities.get(client);
    if (identity !== undefined && maySubscribe(identity, subscription.topic)) return subscription;
    this.refuse('subscribe', identity, client, subscription.topic);
    // No subscription makes aedes grant QoS 128 (failure) for this filter only.
    return null;
  }

  private refuse(action: 'publish' | 'subscribe', identity: BrokerIdentity | undefined, client: Client, topic: string): void {
    this.metrics.mqttRefusals.inc({ action });
    const who = identity?.kind === 'gateway' ? `gateway ${identity.deviceId}` : `client ${quote(client.id)}`;
    this.logger.warn(`refused ${action} of ${who} on ${quote(topic)}`);
  }

  private trackSession(client: Client, isConnected: boolean): void {
    const identity = this.identities.get(client);
    if (identity?.kind !== 'gateway') return;
    if (isConnected) this.gateways.set(identity.deviceId, client);
    // A gateway that reconnects takes over its own session; only its latest one counts.
    else if (this.gateways.get(identity.deviceId) === client) this.gateways.delete(identity.deviceId);
    this.metrics.gatewaysConnected.set(this.gateways.size);
  }

  private routeInbound(packet: AedesPublishPacket, client: Client | null): void {
    // The controller's own publishes have no client; the service identity is the controller too.
    if (this.isClosing || client === null || this.identities.get(client)?.kind !== 'gateway') return;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload, 'utf8') : packet.payload;
    void this.router.dispatch(packet.topic, payload);
  }

  private requireBroker(): Aedes {
    if (this.broker === undefined || this.isClosing) throw new Error('the embedded MQTT broker is not running');
    return this.broker;
  }
}

// JSON quoting escapes control characters, so a client id or topic cannot forge log lines.
function quote(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
