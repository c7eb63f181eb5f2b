import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pollUntil } from '@gantry/test-kit';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FleetEvents } from '../src/fleet-events/fleet-events.js';
import { makeDataDir } from './controller-app.js';
import { closed, collect, connectClient, connectGateway, connectService, startMqttController, statusMessage, subscribeGrants, type MqttController } from './mqtt-harness.js';

describe('embedded broker: who may connect, publish and subscribe', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let sut: MqttController;
  const secrets = new Map<string, string>();
  const clients: MqttClient[] = [];

  async function gateway(deviceId: string): Promise<MqttClient> {
    const client = await connectGateway(sut.tcpUrl, deviceId, secrets.get(deviceId) ?? '');
    clients.push(client);
    return client;
  }

  async function service(): Promise<MqttClient> {
    const client = await connectService(sut.tcpUrl);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    dataDir = await makeDataDir();
    sut = await startMqttController(dataDir.path);
    for (const id of ['gw-01', 'gw-02', 'gw-03', 'gw-04']) secrets.set(id, await sut.addDevice(id));
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });

  afterAll(async () => {
    await sut.close();
    await dataDir.remove();
  });

  it('lets a gateway connect with its credentials and counts its session', async () => {
    const client = await gateway('gw-01');
    expect(client.connected).toBe(true);
    expect(await pollUntil(async () => (await sut.metric('gantry_gateways_connected')) === 1, { what: 'one gateway counted' })).toBe(true);
    await client.endAsync();
    expect(await pollUntil(async () => (await sut.metric('gantry_gateways_connected')) === 0, { what: 'no gateway counted' })).toBe(true);
  });

  it('does not count the service identity as a gateway', async () => {
    await service();
    expect(await sut.metric('gantry_gateways_connected')).toBe(0);
  });

  it.each([
    ['a wrong password', () => ({ clientId: 'gw-01', username: 'gw-01', password: 'not-the-secret' }), 4],
    ['an unknown device', () => ({ clientId: 'gw-99', username: 'gw-99', password: 'whatever-secret' }), 4],
    ['no credentials', () => ({ clientId: 'gw-01' }), 4],
    ['a client id other than the device id', () => ({ clientId: 'gw-02', username: 'gw-01', password: secrets.get('gw-01') ?? '' }), 2],
    ['a wrong service password', () => ({ clientId: 'svc', username: 'gantry-controller', password: 'not-the-service-password' }), 4],
  ])('refuses %s at CONNACK and counts it', async (_, credentials, returnCode) => {
    const before = await sut.metric('gantry_mqtt_refusals_total', { action: 'connect' });
    await expect(connectClient(sut.tcpUrl, credentials())).rejects.toMatchObject({ code: returnCode });
    expect(await sut.metric('gantry_mqtt_refusals_total', { action: 'connect' })).toBe(before + 1);
  });

  it('refuses a publish to another gateway topic, closes the publisher, and delivers nothing', async () => {
    const observer = await service();
    const seen = collect(observer);
    await observer.subscribeAsync('gantry/v1/#', { qos: 1 });
    const intruder = await gateway('gw-01');
    const before = await sut.metric('gantry_mqtt_refusals_total', { action: 'publish' });

    intruder.publish('gantry/v1/gw-02/status', JSON.stringify(statusMessage('gw-02', 'offline')), { qos: 1 });
    await closed(intruder);
    const honest = await gateway('gw-02');
    await honest.publishAsync('gantry/v1/gw-02/reported', 'marker', { qos: 1 });

    await pollUntil(() => seen.some((message) => message.payload === 'marker'), { what: 'the marker' });
    expect(seen.map((message) => message.topic)).toEqual(['gantry/v1/gw-02/reported']);
    expect(await sut.metric('gantry_mqtt_refusals_total', { action: 'publish' })).toBe(before + 1);
  });

  it('refuses a gateway publishing its own desired state', async () => {
    const observer = await service();
    const seen = collect(observer);
    await observer.subscribeAsync('gantry/v1/#', { qos: 1 });
    const client = await gateway('gw-01');

    client.publish('gantry/v1/gw-01/desired', '{}', { qos: 1, retain: true });
    await closed(client);
    await sut.gateway.publish('gantry/v1/gw-03/desired', Buffer.from('marker'), { qos: 1, retain: false });

    await pollUntil(() => seen.some((message) => message.payload === 'marker'), { what: 'the marker' });
    expect(seen.map((message) => message.topic)).toEqual(['gantry/v1/gw-03/desired']);
  });

  it.each(['#', 'gantry/v1/+/desired', 'gantry/v1/gw-02/desired', '$SYS/#', 'gantry/v1/#'])(
    'grants a gateway no subscription to %s and delivers it nothing',
    async (filter) => {
      const client = await gateway('gw-01');
      const seen = collect(client);
      const before = await sut.metric('gantry_mqtt_refusals_total', { action: 'subscribe' });

      expect(await subscribeGrants(client, [filter, 'gantry/v1/gw-01/desired'])).toEqual([128, 1]);
      expect(await sut.metric('gantry_mqtt_refusals_total', { action: 'subscribe' })).toBe(before + 1);

      await sut.gateway.publish('gantry/v1/gw-02/desired', Buffer.from('for gw-02'), { qos: 1, retain: false });
      await sut.gateway.publish('gantry/v1/gw-01/desired', Buffer.from('for gw-01'), { qos: 1, retain: false });
      await pollUntil(() => seen.length > 0, { what: 'the message for gw-01' });
      expect(seen.map((message) => message.payload)).toEqual(['for gw-01']);
    },
  );

  it('delivers a retained desired state to its gateway, also when it connects later', async () => {
    const early = await gateway('gw-03');
    const earlySeen = collect(early);
    await early.subscribeAsync('gantry/v1/gw-03/desired', { qos: 1 });

    await sut.gateway.publish('gantry/v1/gw-03/desired', Buffer.from('target v1'), { qos: 1, retain: true });
    await pollUntil(() => earlySeen.length > 0, { what: 'the live desired state' });
    expect(earlySeen.map((message) => message.payload)).toEqual(['target v1']);
    await early.endAsync();

    const late = await gateway('gw-03');
    const lateSeen = collect(late);
    await late.subscribeAsync('gantry/v1/gw-03/desired', { qos: 1 });
    await pollUntil(() => lateSeen.length > 0, { what: 'the retained desired state' });
    expect(lateSeen).toEqual([{ topic: 'gantry/v1/gw-03/desired', payload: 'target v1', retain: true }]);
    expect(await sut.metric('gantry_mqtt_messages_out_total', { kind: 'desired' })).toBeGreaterThanOrEqual(1);
  });

  it('ends a revoked gateway session and refuses it from then on', async () => {
    const client = await gateway('gw-04');
    await sut.revoke('gw-04');
    sut.app.get(FleetEvents).emit({ type: 'device.revoked', deviceId: 'gw-04' });
    await closed(client);
    await expect(connectGateway(sut.tcpUrl, 'gw-04', secrets.get('gw-04') ?? '')).rejects.toMatchObject({ code: 4 });
    expect(await pollUntil(async () => (await sut.metric('gantry_gateways_connected')) === 0, { what: 'the session uncounted' })).toBe(true);
  });

  it('speaks MQTT over WebSocket on the HTTP port', async () => {
    const wsUrl = `${sut.httpUrl.replace(/^http/, 'ws')}/mqtt`;
    const client = await connectGateway(wsUrl, 'gw-02', secrets.get('gw-02') ?? '');
    clients.push(client);
    const seen = collect(client);
    await client.subscribeAsync('gantry/v1/gw-02/cmd/+', { qos: 1 });
    await sut.gateway.publish('gantry/v1/gw-02/cmd/req-1', Buffer.from('over ws'), { qos: 1, retain: false });
    await pollUntil(() => seen.length > 0, { what: 'a command over WebSocket' });
    expect(seen.map((message) => message.topic)).toEqual(['gantry/v1/gw-02/cmd/req-1']);
    await expect(connectGateway(wsUrl, 'gw-02', 'wrong-secret')).rejects.toMatchObject({ code: 4 });
  });

  it('describes the broker with the port it bound', () => {
    expect(sut.gateway.isReady()).toBe(true);
    expect(sut.gateway.describe()).toEqual({ mode: 'embedded', tcpUrl: expect.stringMatching(/^mqtt:\/\/127\.0\.0\.1:[1-9][0-9]*$/), wsPath: '/mqtt' });
  });
});

describe('the service identity password', () => {
  it('is generated once into the data dir, owner-only, and reused after a restart', async () => {
    const dataDir = await makeDataDir();
    const path = join(dataDir.path, 'mqtt-service.secret');
    try {
      const first = await startMqttController(dataDir.path, { MQTT_SERVICE_PASSWORD: '' });
      const password = (await readFile(path, 'utf8')).trim();
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await first.close();

      const second = await startMqttController(dataDir.path, { MQTT_SERVICE_PASSWORD: '' });
      try {
        expect((await readFile(path, 'utf8')).trim()).toBe(password);
        const client = await connectClient(second.tcpUrl, { clientId: 'ops', username: 'gantry-controller', password });
        expect(client.connected).toBe(true);
        await client.endAsync();
      } finally {
        await second.close();
      }
    } finally {
      await dataDir.remove();
    }
  });
});
