import { randomUUID } from 'node:crypto';
import { buildTopic, createMessage, encode, type BodyOf, type DesiredState, type EnrollResponse, type MessageKind } from '@gantry/protocol';
import mqtt, { type MqttClient } from 'mqtt';

/** A gateway played by a test: a real mqtt.js session speaking the real protocol. */
export interface TestGateway {
  readonly deviceId: string;
  readonly client: MqttClient;
  readonly bootId: string;
  /** Every `desired` document received, oldest first. */
  readonly desired: DesiredState[];
  /** Publishes a message of `kind` from this gateway (QoS 1 unless `telemetry`). */
  send<K extends Exclude<MessageKind, 'desired' | 'cmd'>>(kind: K, body: BodyOf<K>, options?: { retain?: boolean }): Promise<void>;
  /** Publishes raw bytes on one of its topics (for malformed-message tests). */
  sendRaw(kind: 'reported' | 'events' | 'status' | 'telemetry', payload: string | Buffer): Promise<void>;
  /** Ends the session cleanly (no Will). */
  close(): Promise<void>;
  /** Drops the connection without DISCONNECT: the broker publishes the Will. */
  crash(): void;
}

export interface ConnectOptions {
  url: string;
  deviceId: string;
  password: string;
  agentVersion?: string;
}

/** Connects like an agent: clientId and username are the device id, `status` offline as the Will. */
export async function connectGateway(options: ConnectOptions): Promise<TestGateway> {
  const { deviceId } = options;
  const bootId = randomUUID();
  const agentVersion = options.agentVersion ?? '0.1.0';
  const will = encoded('status', { state: 'offline', agentVersion, bootId, reason: 'connection-lost' }, deviceId);
  const client = await mqtt.connectAsync(options.url, {
    clientId: deviceId,
    username: deviceId,
    password: options.password,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    will: { topic: buildTopic({ kind: 'status', deviceId }), payload: Buffer.from(will), qos: 1, retain: true },
  });
  const desired: DesiredState[] = [];
  client.on('message', (_topic, payload) => {
    const message = JSON.parse(payload.toString()) as { body: DesiredState };
    desired.push(message.body);
  });
  await client.subscribeAsync(buildTopic({ kind: 'desired', deviceId }), { qos: 1 });
  return {
    deviceId,
    client,
    bootId,
    desired,
    async send(kind, body, { retain = kind === 'status' } = {}) {
      await client.publishAsync(buildTopic({ kind, deviceId } as never), encoded(kind, body, deviceId), { qos: kind === 'telemetry' ? 0 : 1, retain });
    },
    async sendRaw(kind, payload) {
      await client.publishAsync(buildTopic({ kind, deviceId }), payload, { qos: 1 });
    },
    async close() {
      await client.endAsync();
    },
    crash() {
      client.stream.destroy();
      client.end(true);
    },
  };
}

/** Connects with the credentials an enrollment returned, over its first (TCP) broker URL. */
export function connectEnrolled(enrolled: EnrollResponse): Promise<TestGateway> {
  const url = enrolled.mqtt.urls.find((candidate) => candidate.startsWith('mqtt://'));
  if (url === undefined) throw new Error(`no mqtt:// URL among ${enrolled.mqtt.urls.join(', ')}`);
  return connectGateway({ url, deviceId: enrolled.deviceId, password: enrolled.mqtt.password });
}

function encoded<K extends MessageKind>(kind: K, body: BodyOf<K>, deviceId: string): string {
  const result = encode(kind, createMessage(kind, body, { deviceId }));
  if (!result.ok) throw new Error(`test sent an invalid ${kind}: ${result.error.message}`);
  return result.value;
}
