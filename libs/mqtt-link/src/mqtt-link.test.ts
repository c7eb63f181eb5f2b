import { createServer } from 'node:net';
import type { MqttConnectOptions, MqttLinkHandlers } from '@gantry/agent-core/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HELD_TOPIC, PASSWORD, selfSignedCertificate, startBroker, type TestBroker } from './broker.fixture.js';
import { MqttConnectRefusedError } from './connack.js';
import { MqttJsLink } from './mqtt-link.js';

function connectOptions(password = PASSWORD): MqttConnectOptions {
  return {
    clientId: 'gw-1',
    username: 'gw-1',
    password,
    will: { topic: 'gantry/v1/gw-1/status', payload: 'offline', qos: 1, retain: true },
    keepaliveS: 30,
  };
}

type RecordingHandlers = MqttLinkHandlers & { lost: (Error | undefined)[]; messages: [string, string][] };

function recordingHandlers(): RecordingHandlers {
  const lost: (Error | undefined)[] = [];
  const messages: [string, string][] = [];
  return {
    lost,
    messages,
    onMessage: (topic, payload) => messages.push([topic, Buffer.from(payload).toString()]),
    onConnectionLost: (error) => lost.push(error),
  };
}

/** A loopback URL where nothing listens: a port taken and released again. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `mqtt://127.0.0.1:${address.port}`;
}

describe('MqttJsLink against a real broker', () => {
  let broker: TestBroker;
  let sut: MqttJsLink;
  let handlers: RecordingHandlers;

  beforeEach(async () => {
    broker = await startBroker();
    sut = new MqttJsLink({ urls: [broker.url], connectTimeoutMs: 2_000 });
    handlers = recordingHandlers();
  });

  afterEach(async () => {
    await sut.end();
    await broker.close();
  });

  it('keeps mqtt.js from logging through debug unless DEBUG names something to log', async () => {
    const clientLog = () => (Reflect.get(Reflect.get(sut, 'client') as object, 'log') as { name?: string }).name;
    try {
      vi.stubEnv('DEBUG', '');
      await sut.connect(connectOptions(), handlers);
      expect(clientLog()).toBe('ignoreLog');
      await sut.end();
      vi.stubEnv('DEBUG', 'mqttjs*');
      await sut.connect(connectOptions(), handlers);
      expect(clientLog()).not.toBe('ignoreLog');
    } finally {
      // A failed expectation must not leave DEBUG set for the tests after it.
      vi.unstubAllEnvs();
    }
  });

  it('resolves connect on CONNACK and a QoS 1 publish once the broker has it', async () => {
    await sut.connect(connectOptions(), handlers);
    expect(sut.isConnected).toBe(true);
    expect(sut.connectedUrl).toBe(broker.url);
    await sut.publish('gantry/v1/gw-1/reported', '{"a":1}', { qos: 1, retain: false });
    expect(broker.published.map((p) => [p.topic, p.payload.toString(), p.qos])).toEqual([['gantry/v1/gw-1/reported', '{"a":1}', 1]]);
  });

  it('delivers messages of its subscriptions', async () => {
    await sut.connect(connectOptions(), handlers);
    await sut.subscribe(['gantry/v1/gw-1/desired', 'gantry/v1/gw-1/cmd/+']);
    broker.broker.publish({ cmd: 'publish', topic: 'gantry/v1/gw-1/cmd/r1', payload: Buffer.from('hello'), qos: 1, retain: false, dup: false }, () => undefined);
    await vi.waitFor(() => expect(handlers.messages).toEqual([['gantry/v1/gw-1/cmd/r1', 'hello']]));
  });

  it('rejects connect with the CONNACK reason and what to do when the broker refuses the credentials', async () => {
    const refused = await sut.connect(connectOptions('a-wrong-password-here'), handlers).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MqttConnectRefusedError);
    expect(refused).toMatchObject({ returnCode: 4, isFinal: true });
    expect(String(refused)).toMatch(/bad username or password \(return code 4\); the gateway was revoked/);
    expect(sut.isConnected).toBe(false);
    expect(handlers.lost).toEqual([]);
  });

  it('rejects connect when nothing listens', async () => {
    const nowhere = new MqttJsLink({ urls: [await deadUrl()], connectTimeoutMs: 2_000 });
    await expect(nowhere.connect(connectOptions(), handlers)).rejects.toThrow(/ECONNREFUSED|closed/);
  });

  it('tries the broker URLs in order and connects to the first that answers', async () => {
    const dead = await deadUrl();
    const fallback = new MqttJsLink({ urls: [dead, broker.url], connectTimeoutMs: 2_000 });
    try {
      await fallback.connect(connectOptions(), handlers);
      expect(fallback.connectedUrl).toBe(broker.url);
    } finally {
      await fallback.end();
    }
  });

  it('says why every URL failed when none answers', async () => {
    const [first, second] = [await deadUrl(), await deadUrl()];
    const nowhere = new MqttJsLink({ urls: [first, second], connectTimeoutMs: 2_000 });
    const error = await nowhere.connect(connectOptions(), handlers).catch((e: unknown) => String(e));
    expect(error).toContain('no broker URL accepted the connection');
    expect(error).toContain(first);
    expect(error).toContain(second);
  });

  it('does not try the next URL after a refusal the next broker would repeat', async () => {
    const other = await startBroker();
    const link = new MqttJsLink({ urls: [broker.url, other.url], connectTimeoutMs: 2_000 });
    try {
      await expect(link.connect(connectOptions('a-wrong-password-here'), handlers)).rejects.toThrow(MqttConnectRefusedError);
      expect(other.broker.connectedClients).toBe(0);
      expect(other.published).toEqual([]);
    } finally {
      await link.end();
      await other.close();
    }
  });

  it('moves on to the next URL when a broker is not accepting sessions yet', async () => {
    const busy = await startBroker({ refuseWith: 3 });
    const link = new MqttJsLink({ urls: [busy.url, broker.url], connectTimeoutMs: 2_000 });
    try {
      await link.connect(connectOptions(), handlers);
      expect(link.connectedUrl).toBe(broker.url);
    } finally {
      await link.end();
      await busy.close();
    }
  });

  it('rejects a publish waiting for its PUBACK when the connection drops, and reports the loss', async () => {
    await sut.connect(connectOptions(), handlers);
    const held = sut.publish(HELD_TOPIC, 'x', { qos: 1, retain: false });
    const outcome = held.then(
      () => 'resolved',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await vi.waitFor(() => expect(broker.broker.connectedClients).toBe(1));
    broker.cut('gw-1');
    expect(await outcome).toMatch(/closed/);
    await vi.waitFor(() => expect(handlers.lost).toHaveLength(1));
    expect(sut.isConnected).toBe(false);
    await expect(sut.publish('gantry/v1/gw-1/reported', 'y', { qos: 1, retain: false })).rejects.toThrow(/not connected/);
  });

  it('reports a severed connection as lost, and the broker sends the Will', async () => {
    const watcher = new MqttJsLink({ urls: [broker.url] });
    const willSeen: string[] = [];
    await watcher.connect({ ...connectOptions(), clientId: 'watcher', will: { ...connectOptions().will, topic: 'gantry/v1/watcher/status' } }, {
      onMessage: (topic) => willSeen.push(topic),
      onConnectionLost: () => undefined,
    });
    await watcher.subscribe(['gantry/v1/gw-1/status']);
    await sut.connect(connectOptions(), handlers);
    sut.sever();
    await vi.waitFor(() => expect(handlers.lost).toHaveLength(1));
    await vi.waitFor(() => expect(willSeen).toEqual(['gantry/v1/gw-1/status']));
    await watcher.end();
  });

  it('does not report a loss after end, rejects publishes still waiting, and sends no Will', async () => {
    await sut.connect(connectOptions(), handlers);
    const held = expect(sut.publish(HELD_TOPIC, 'x', { qos: 1, retain: false })).rejects.toThrow(/ended/);
    await sut.end();
    await held;
    await vi.waitFor(() => expect(broker.broker.connectedClients).toBe(0));
    expect(handlers.lost).toEqual([]);
    expect(broker.published.map((p) => p.topic)).not.toContain('gantry/v1/gw-1/status');
  });

  it('can connect again after a loss', async () => {
    await sut.connect(connectOptions(), handlers);
    broker.cut('gw-1');
    await vi.waitFor(() => expect(handlers.lost).toHaveLength(1));
    await sut.connect(connectOptions(), handlers);
    await sut.publish('gantry/v1/gw-1/events', 'z', { qos: 1, retain: false });
    expect(broker.published.map((p) => p.topic)).toContain('gantry/v1/gw-1/events');
  });
});

describe('MqttJsLink over TLS', () => {
  const certificate = selfSignedCertificate();

  it('connects to an mqtts:// broker whose certificate the given CA signed', async () => {
    const broker = await startBroker({ tls: certificate });
    const sut = new MqttJsLink({ urls: [broker.url], connectTimeoutMs: 2_000, tls: { ca: certificate.cert } });
    try {
      await sut.connect(connectOptions(), recordingHandlers());
      await sut.publish('gantry/v1/gw-1/reported', '{}', { qos: 1, retain: false });
      expect(broker.published.map((p) => p.topic)).toEqual(['gantry/v1/gw-1/reported']);
    } finally {
      await sut.end();
      await broker.close();
    }
  });

  it('refuses a broker certificate no trusted CA signed', async () => {
    const broker = await startBroker({ tls: certificate });
    const sut = new MqttJsLink({ urls: [broker.url], connectTimeoutMs: 2_000 });
    try {
      await expect(sut.connect(connectOptions(), recordingHandlers())).rejects.toThrow(/self[- ]signed|certificate/i);
      expect(broker.broker.connectedClients).toBe(0);
    } finally {
      await sut.end();
      await broker.close();
    }
  });
});
