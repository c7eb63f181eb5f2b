import { mkdir } from 'node:fs/promises';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule, getRepositoryToken } from '@nestjs/typeorm';
import { createMessage, type StatusMessage } from '@gantry/protocol';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import type { Repository } from 'typeorm';
import { loadConfig, type ControllerConfig } from '../src/config.js';
import { ConfigModule } from '../src/config.module.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { Device } from '../src/devices/device.entity.js';
import { DevicesModule } from '../src/devices/devices.module.js';
import { DevicesService } from '../src/devices/devices.service.js';
import { hashSecret, newSecret } from '../src/devices/secrets.js';
import { FleetEventsModule } from '../src/fleet-events/fleet-events.module.js';
import { MetricsModule } from '../src/metrics/metrics.module.js';
import { InboundRouter } from '../src/mqtt/inbound-router.js';
import { MqttGateway } from '../src/mqtt/mqtt-gateway.js';
import { MqttModule } from '../src/mqtt/mqtt.module.js';

/** The service identity's password in tests that do not test its generation. */
export const TEST_SERVICE_PASSWORD = 'gantry-test-mqtt-service-password';

/**
 * The controller's MQTT side with what it needs (config, database, metrics, devices) and
 * nothing else: no feature module registers inbound handlers, so tests may register
 * their own on any kind.
 */
@Module({})
class MqttTestModule {
  static forRoot(config: ControllerConfig): DynamicModule {
    return {
      module: MqttTestModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.database)),
        FleetEventsModule,
        MetricsModule,
        DevicesModule,
        MqttModule.forRoot(config),
      ],
    };
  }
}

export interface MqttController {
  app: INestApplication;
  config: ControllerConfig;
  httpUrl: string;
  /** `mqtt://127.0.0.1:<port>` of the embedded broker. */
  tcpUrl: string;
  gateway: MqttGateway;
  router: InboundRouter;
  /** Registers a gateway with MQTT credentials, as enrollment would; returns its secret. */
  addDevice(id: string): Promise<string>;
  /** Marks a gateway revoked in the registry (the event is up to the test). */
  revoke(id: string): Promise<void>;
  /** One sample of a metric from `/metrics`, 0 when it has none yet. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

export async function startMqttController(dataDir: string, env: Record<string, string> = {}): Promise<MqttController> {
  const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', MQTT_PORT: '0', MQTT_SERVICE_PASSWORD: TEST_SERVICE_PASSWORD, ...env });
  await mkdir(dataDir, { recursive: true });
  const app = await NestFactory.create(MqttTestModule.forRoot(config), { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const httpUrl = await app.getUrl();
  const gateway = app.get(MqttGateway);
  const devices = app.get(DevicesService);
  const rows = app.get<Repository<Device>>(getRepositoryToken(Device));
  const description = gateway.describe();
  return {
    app,
    config,
    httpUrl,
    tcpUrl: description.mode === 'embedded' ? description.tcpUrl : '',
    gateway,
    router: app.get(InboundRouter),
    async addDevice(id) {
      const secret = newSecret();
      await devices.register({ id, name: id });
      await rows.update({ id }, { credentialHash: hashSecret(secret) });
      return secret;
    },
    async revoke(id) {
      await rows.update({ id }, { revokedAt: new Date() });
    },
    async metric(name, labels = {}) {
      const text = await (await fetch(`${httpUrl}/metrics`)).text();
      const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
      const line = text.split('\n').find((row) => row.startsWith(name) && !row.startsWith(`${name}_`) && wanted.every((pair) => row.includes(pair)));
      return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
    },
    close: () => app.close(),
  };
}

/** Connects an mqtt.js client once (no retries): resolves connected, or rejects with the CONNACK refusal. */
export function connectClient(url: string, options: IClientOptions): Promise<MqttClient> {
  return connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options }, false);
}

/** A gateway's client: its device id as client id and username. */
export function connectGateway(url: string, deviceId: string, secret: string, options: IClientOptions = {}): Promise<MqttClient> {
  return connectClient(url, { clientId: deviceId, username: deviceId, password: secret, ...options });
}

/** A client of the controller's own identity (sees everything). */
export function connectService(url: string, clientId = `svc-${newSecret().slice(0, 8)}`): Promise<MqttClient> {
  return connectClient(url, { clientId, username: 'gantry-controller', password: TEST_SERVICE_PASSWORD });
}

/** Subscribes and returns the QoS granted per filter (128: refused), which `subscribeAsync` turns into an error. */
export function subscribeGrants(client: MqttClient, filters: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    client.subscribe(filters, { qos: 1 }, (error, _granted, packet) => {
      if (packet !== undefined && 'granted' in packet) resolve(packet.granted.map(Number));
      else reject(error ?? new Error('no SUBACK'));
    });
  });
}

/** A valid `status` message of a gateway. */
export function statusMessage(deviceId: string, state: 'online' | 'offline'): StatusMessage {
  return createMessage('status', { state, agentVersion: '0.1.0', bootId: globalThis.crypto.randomUUID() }, { deviceId });
}

/** Collects every message a client receives, by topic. */
export function collect(client: MqttClient): { topic: string; payload: string; retain: boolean }[] {
  const received: { topic: string; payload: string; retain: boolean }[] = [];
  client.on('message', (topic, payload, packet) => received.push({ topic, payload: payload.toString('utf8'), retain: packet.retain }));
  return received;
}

/** Resolves when the client's connection is closed (by the broker or otherwise). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) resolve();
    else client.once('close', () => resolve());
  });
}
