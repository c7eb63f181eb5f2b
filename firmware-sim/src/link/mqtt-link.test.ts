import { createServer, type Server } from 'node:net';
import type { MqttConnectOptions, MqttLinkHandlers } from '@gantry/agent-core';
import { Aedes, type AedesPublishPacket, type AuthenticateError, type Client } from 'aedes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MqttJsLink } from './mqtt-link.js';

const PASSWORD = 'a-long-enough-secret';
const HELD_TOPIC = 'gantry/v1/gw-1/held';

/** A real aedes broker on a loopback port that checks the password and can hold back PUBACKs. */
async function startBroker() {
  const published: AedesPublishPacket[] = [];
  const clients = new Map<string, Client>();
  const broker = await Aedes.createBroker({
    authenticate: (_client, _username, password, done) => {
      if (password?.toString() === PASSWORD) return done(null, true);
      const error = new Error('bad credentials') as AuthenticateError;
      error.returnCode = 4;
      done(error, false);
    },
    // A publish on the held topic is never authorised: its PUBACK never comes.
    authorizePublish: (_client, packet, done) => {
      if (packet.topic !== HELD_TOPIC) done(null);
    },
  });
  broker.on('client', (client) => clients.set(client.id, client));
  broker.on('publish', (packet, client) => {
    if (client) published.push(packet);
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test broker has no port');
  return {
    broker,
    url: `mqtt://127.0.0.1:${address.port}`,
    published,
    /** Cuts a client's socket from the broker's side, as a network failure would. */
    cut: (clientId: string) => clients.get(clientId)?.conn.destroy(),
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function connectOptions(password = PASSWORD): MqttConnectOptions {
  return {
    clientId: 'gw-1',
    username: 'gw-1',
    password,
    will: { topic: 'gantry/v1/gw-1/status', payload: 'offline', qos: 1, retain: true },
    keepaliveS: 30,
  };
}

describe('MqttJsLink against a real broker', () => {
  let broker: Awaited<ReturnType<typeof startBroker>>;
  let sut: MqttJsLink;
  let handlers: MqttLinkHandlers & { lost: (Error | undefined)[]; messages: [string, string][] };

  beforeEach(async () => {
    broker = await startBroker();
    sut = new MqttJsLink({ url: broker.url, connectTimeoutMs: 2_000 });
    const lost: (Error | undefined)[] = [];
    const messages: [string, string][] = [];
    handlers = {
      lost,
      messages,
      onMessage: (topic, payload) => messages.push([topic, Buffer.from(payload).toString()]),
      onConnectionLost: (error) => lost.push(error),
    };
  });

  afterEach(async () => {
    await sut.end();
    await broker.close();
  });

  it('resolves connect on CONNACK and a QoS 1 publish once the broker has it', async () => {
    await sut.connect(connectOptions(), handlers);
    expect(sut.isConnected).toBe(true);
    await sut.publish('gantry/v1/gw-1/reported', '{"a":1}', { qos: 1, retain: false });
    expect(broker.published.map((p) => [p.topic, p.payload.toString(), p.qos])).toEqual([['gantry/v1/gw-1/reported', '{"a":1}', 1]]);
  });

  it('delivers messages of its subscriptions', async () => {
    await sut.connect(connectOptions(), handlers);
    await sut.subscribe(['gantry/v1/gw-1/desired', 'gantry/v1/gw-1/cmd/+']);
    broker.broker.publish({ cmd: 'publish', topic: 'gantry/v1/gw-1/cmd/r1', payload: Buffer.from('hello'), qos: 1, retain: false, dup: false }, () => undefined);
    await vi.waitFor(() => expect(handlers.messages).toEqual([['gantry/v1/gw-1/cmd/r1', 'hello']]));
  });

  it('rejects connect with the reason when the broker refuses the credentials', async () => {
    await expect(sut.connect(connectOptions('a-wrong-password-here'), handlers)).rejects.toThrow(/Bad username or password/);
    expect(sut.isConnected).toBe(false);
    expect(handlers.lost).toEqual([]);
  });

  it('rejects connect when nothing listens', async () => {
    const nowhere = new MqttJsLink({ url: 'mqtt://127.0.0.1:1', connectTimeoutMs: 2_000 });
    await expect(nowhere.connect(connectOptions(), handlers)).rejects.toThrow(/ECONNREFUSED|closed/);
  });

  it('settles a connect still waiting for CONNACK when it is ended', async () => {
    // A server that accepts the socket and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const waiting = new MqttJsLink({ url: `mqtt://127.0.0.1:${address.port}`, connectTimeoutMs: 30_000 });
    const attempt = expect(waiting.connect(connectOptions(), handlers)).rejects.toThrow(/closed/);
    await waiting.end();
    await attempt;
    silent.close();
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
    const watcher = new MqttJsLink({ url: broker.url });
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

  it('does not report a loss after end, and rejects publishes still waiting', async () => {
    await sut.connect(connectOptions(), handlers);
    const held = expect(sut.publish(HELD_TOPIC, 'x', { qos: 1, retain: false })).rejects.toThrow(/ended/);
    await sut.end();
    await held;
    await vi.waitFor(() => expect(broker.broker.connectedClients).toBe(0));
    expect(handlers.lost).toEqual([]);
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
