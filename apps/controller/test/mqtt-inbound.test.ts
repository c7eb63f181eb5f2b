import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DELIVERY, type MessageKind } from '@gantry/protocol';
import { pollUntil } from '@gantry/test-kit';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboundKind } from '../src/mqtt/inbound-router.js';
import { makeDataDir } from './controller-app.js';
import { closed, collect, connectGateway, connectService, startMqttController, statusMessage, type MqttController } from './mqtt-harness.js';

interface FixtureEntry {
  file: string;
  kind: MessageKind;
  topic: string;
  code?: string;
}

const fixturesDir = dirname(createRequire(import.meta.url).resolve('@gantry/protocol/fixtures/index.json'));
const fixtures = JSON.parse(readFileSync(join(fixturesDir, 'index.json'), 'utf8')) as { valid: FixtureEntry[]; invalid: FixtureEntry[] };
const fromGateways = (entry: FixtureEntry): boolean => DELIVERY[entry.kind].direction === 'edge-to-cloud';
const fixtureBytes = (entry: FixtureEntry): Buffer => readFileSync(join(fixturesDir, entry.file));

const INBOUND_KINDS: InboundKind[] = ['reported', 'status', 'events', 'telemetry', 'cmd-res'];

describe('embedded broker: what gateways publish', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let sut: MqttController;
  let secret: string;
  let handled: { kind: string; deviceId: string; id: string }[] = [];
  const clients: MqttClient[] = [];

  async function gw17(options: Parameters<typeof connectGateway>[3] = {}): Promise<MqttClient> {
    const client = await connectGateway(sut.tcpUrl, 'gw-17', secret, options);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    dataDir = await makeDataDir();
    sut = await startMqttController(dataDir.path);
    // The golden fixtures speak for gw-17.
    secret = await sut.addDevice('gw-17');
    for (const kind of INBOUND_KINDS) {
      sut.router.on(kind, (message, deviceId) => {
        handled.push({ kind: message.kind, deviceId, id: message.id });
        return Promise.resolve();
      });
    }
  });

  beforeEach(() => {
    handled = [];
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });

  afterAll(async () => {
    await sut.close();
    await dataDir.remove();
  });

  it('hands every golden gateway message to the router as its kind', async () => {
    const valid = fixtures.valid.filter(fromGateways);
    const client = await gw17();
    for (const entry of valid) await client.publishAsync(entry.topic, fixtureBytes(entry), { qos: 1 });

    await pollUntil(() => handled.length === valid.length, { what: `${valid.length} messages handled` });
    expect(handled.map((message) => message.kind)).toEqual(valid.map((entry) => entry.kind));
    expect(new Set(handled.map((message) => message.deviceId))).toEqual(new Set(['gw-17']));
    expect(await sut.metric('gantry_mqtt_messages_in_total', { kind: 'reported' })).toBeGreaterThanOrEqual(1);
  });

  it('drops invalid payloads, counts each by reason, and keeps handling valid ones', async () => {
    const invalid = [
      ...fixtures.invalid.filter(fromGateways).map((entry) => ({ topic: entry.topic, payload: fixtureBytes(entry), reason: entry.code ?? '' })),
      { topic: 'gantry/v1/gw-17/status', payload: Buffer.from('online!'), reason: 'not-json' },
      { topic: 'gantry/v1/gw-17/reported', payload: Buffer.from('{"kind":"reported"}'), reason: 'invalid' },
      { topic: 'gantry/v1/gw-17/status', payload: Buffer.from(JSON.stringify(statusMessage('gw-18', 'online'))), reason: 'topic-mismatch' },
      { topic: 'gantry/v1/gw-17/telemetry', payload: Buffer.alloc(300 * 1024, 0x20), reason: 'too-large' },
    ];
    const reasons = [...new Set(invalid.map((message) => message.reason))];
    const expected = new Map(reasons.map((reason) => [reason, invalid.filter((message) => message.reason === reason).length]));
    const before = new Map(await Promise.all(reasons.map(async (reason) => [reason, await sut.metric('gantry_mqtt_invalid_payloads_total', { reason })] as const)));
    const client = await gw17();

    for (const message of invalid) await client.publishAsync(message.topic, message.payload, { qos: 1 });
    const valid = statusMessage('gw-17', 'online');
    await client.publishAsync('gantry/v1/gw-17/status', JSON.stringify(valid), { qos: 1 });

    await pollUntil(() => handled.length > 0, { what: 'the valid message after the invalid ones' });
    expect(handled).toEqual([{ kind: 'status', deviceId: 'gw-17', id: valid.id }]);
    for (const reason of reasons) {
      expect({ reason, count: await sut.metric('gantry_mqtt_invalid_payloads_total', { reason }) }).toEqual({
        reason,
        count: (before.get(reason) ?? 0) + (expected.get(reason) ?? 0),
      });
    }
    expect(client.connected).toBe(true);
  });

  it('routes the retained status Will a gateway leaves when its connection dies', async () => {
    const will = statusMessage('gw-17', 'offline');
    const client = await gw17({ will: { topic: 'gantry/v1/gw-17/status', payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true } });
    client.stream.destroy();

    await pollUntil(() => handled.some((message) => message.id === will.id), { what: 'the Will handled' });
    const observer = await connectService(sut.tcpUrl);
    clients.push(observer);
    const seen = collect(observer);
    await observer.subscribeAsync('gantry/v1/gw-17/status', { qos: 1 });
    await pollUntil(() => seen.length > 0, { what: 'the retained Will' });
    expect(JSON.parse(seen[0]?.payload ?? '{}')).toMatchObject({ id: will.id, body: { state: 'offline' } });
    expect(seen[0]?.retain).toBe(true);
  });

  it('does not route what the controller itself publishes', async () => {
    const own = statusMessage('gw-17', 'online');
    await sut.gateway.publish('gantry/v1/gw-17/status', Buffer.from(JSON.stringify(own)), { qos: 1, retain: false });
    const service = await connectService(sut.tcpUrl);
    clients.push(service);
    await service.publishAsync('gantry/v1/gw-17/status', JSON.stringify(statusMessage('gw-17', 'online')), { qos: 1 });

    const marker = statusMessage('gw-17', 'online');
    const client = await gw17();
    await client.publishAsync('gantry/v1/gw-17/status', JSON.stringify(marker), { qos: 1 });
    await pollUntil(() => handled.length > 0, { what: 'the gateway message' });
    expect(handled.map((message) => message.id)).toEqual([marker.id]);
  });

  it('refuses to publish to a topic that is not a Gantry topic', async () => {
    await expect(sut.gateway.publish('elsewhere/topic', Buffer.from('x'), { qos: 0, retain: false })).rejects.toThrow(/not a Gantry topic/);
  });
});

describe('embedded broker: shutting down', () => {
  it('does not route the Wills of the sessions it ends: the broker stopping is not the fleet going offline', async () => {
    const dataDir = await makeDataDir();
    try {
      const sut = await startMqttController(dataDir.path);
      const handled: string[] = [];
      sut.router.on('status', (message) => {
        handled.push(message.body.state);
        return Promise.resolve();
      });
      const secret = await sut.addDevice('gw-17');
      const will = statusMessage('gw-17', 'offline');
      const client = await connectGateway(sut.tcpUrl, 'gw-17', secret, {
        will: { topic: 'gantry/v1/gw-17/status', payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
      });
      await client.publishAsync('gantry/v1/gw-17/status', JSON.stringify(statusMessage('gw-17', 'online')), { qos: 1 });
      await pollUntil(() => handled.length > 0, { what: 'the online status' });

      await sut.close();
      await closed(client);
      expect(handled).toEqual(['online']);
      await client.endAsync(true);
    } finally {
      await dataDir.remove();
    }
  });
});
