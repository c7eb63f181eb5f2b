import { freePort, pollUntil, startMosquitto, type LocalMosquitto } from '@gantry/test-kit';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboundKind } from '../src/mqtt/inbound-router.js';
import { makeDataDir } from './controller-app.js';
import { collect, connectClient, startMqttController, statusMessage, type MqttController } from './mqtt-harness.js';

const INBOUND_KINDS: InboundKind[] = ['reported', 'status', 'events', 'telemetry', 'cmd-res'];

interface Replica {
  controller: MqttController;
  /** Ids of the messages this replica handled. */
  handled: string[];
  remove(): Promise<void>;
}

async function startReplica(mqttUrl: string): Promise<Replica> {
  const dataDir = await makeDataDir();
  const controller = await startMqttController(dataDir.path, { MQTT_URL: mqttUrl, MQTT_SHARE_GROUP: 'replicas' });
  const handled: string[] = [];
  for (const kind of INBOUND_KINDS) {
    controller.router.on(kind, (message) => {
      handled.push(message.id);
      return Promise.resolve();
    });
  }
  return {
    controller,
    handled,
    async remove() {
      await controller.close();
      await dataDir.remove();
    },
  };
}

describe('external broker (mosquitto): replicas share the fleet', () => {
  let broker: LocalMosquitto;
  let replicas: Replica[];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    replicas = [await startReplica(broker.url), await startReplica(broker.url)];
    await pollUntil(() => replicas.every((replica) => replica.controller.gateway.isReady()), { what: 'both replicas subscribed' });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.remove()));
    await broker.stop();
  });

  it('hands each gateway message to exactly one replica', async () => {
    const device = await connectClient(broker.url, { clientId: 'gw-17' });
    clients.push(device);
    const sent = Array.from({ length: 20 }, () => statusMessage('gw-17', 'online'));
    for (const message of sent) await device.publishAsync('gantry/v1/gw-17/status', JSON.stringify(message), { qos: 1 });

    const all = (): string[] => replicas.flatMap((replica) => replica.handled);
    await pollUntil(() => all().length >= sent.length, { what: `${sent.length} messages handled` });
    expect(all().toSorted()).toEqual(sent.map((message) => message.id).toSorted());
    expect(replicas.map((replica) => replica.handled.length > 0)).toEqual([true, true]);
  });

  it('delivers a desired state one replica publishes to the gateway', async () => {
    const device = await connectClient(broker.url, { clientId: 'gw-18' });
    clients.push(device);
    const seen = collect(device);
    await device.subscribeAsync('gantry/v1/gw-18/desired', { qos: 1 });

    await replicas[1]?.controller.gateway.publish('gantry/v1/gw-18/desired', Buffer.from('target v1'), { qos: 1, retain: true });
    await pollUntil(() => seen.length > 0, { what: 'the desired state at the gateway' });
    expect(seen.map((message) => [message.topic, message.payload])).toEqual([['gantry/v1/gw-18/desired', 'target v1']]);
  });

  it('describes the broker without its credentials', () => {
    expect(replicas[0]?.controller.gateway.describe()).toEqual({ mode: 'external', url: broker.url });
  });
});

describe('external broker (mosquitto): reconnecting', () => {
  it('reports not ready while the broker is away, and resumes when it is back', async () => {
    // A fixed extra listener, so the restarted broker answers where the controller calls.
    const port = await freePort();
    const options = { extraConfig: [`listener ${port} 127.0.0.1`] };
    const url = `mqtt://127.0.0.1:${port}`;
    let broker = await startMosquitto(options);
    const replica = await startReplica(url);
    try {
      await pollUntil(() => replica.controller.gateway.isReady(), { what: 'the first connection' });
      await broker.stop();
      await pollUntil(() => !replica.controller.gateway.isReady(), { what: 'the connection lost' });

      broker = await startMosquitto(options);
      await pollUntil(() => replica.controller.gateway.isReady(), { what: 'the connection back', timeoutMs: 15_000 });
      const device = await connectClient(url, { clientId: 'gw-17' });
      const message = statusMessage('gw-17', 'online');
      await device.publishAsync('gantry/v1/gw-17/status', JSON.stringify(message), { qos: 1 });
      await pollUntil(() => replica.handled.includes(message.id), { what: 'a message after the reconnect' });
      expect(replica.handled).toEqual([message.id]);
      await device.endAsync();
    } finally {
      await replica.remove();
      await broker.stop();
    }
  });
});
