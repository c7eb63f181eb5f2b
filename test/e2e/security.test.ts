import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ControllerApi } from '@gantry/firmware-sim';
import { uniqueName } from '@gantry/test-kit';
import mqtt, { ErrorWithSubackPacket, type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startControllerProcess, type ControllerProcess } from '../support/controller-process.js';
import { createEdgeStack, type EdgeStack } from './edge-stack.js';

// The broker's guard rails seen from the wire, with the credentials a real `gantry-agent
// enroll` stored: a gateway reaches its own topics only, wildcards above its prefix are
// refused, a wrong secret is refused at connect, and a revoked gateway is cut off at once
// while its containers keep running.

/** What `gantry-agent enroll` keeps in `<dataDir>/identity.json` (the parts used here). */
interface StoredIdentity {
  deviceId: string;
  mqtt: { urls: string[]; username: string; password: string };
}

/** MQTT credentials of one gateway and the TCP URL of the broker it was given. */
interface Credentials {
  url: string;
  username: string;
  password: string;
}

// MQTT 3.1.1 CONNACK return codes (§3.2.2.3) and the SUBACK failure code (§3.9.3).
const CONNACK_IDENTIFIER_REJECTED = 2;
const CONNACK_BAD_USERNAME_OR_PASSWORD = 4;
const CONNACK_NOT_AUTHORIZED = 5;
const SUBACK_FAILURE = 128;

let controller: ControllerProcess;
let stack: EdgeStack;
let gateway: Credentials;
let neighbour: Credentials;
const clients = new Set<MqttClient>();

/** Connects as `credentials` (client id = username unless given); rejects with mqtt.js's error if refused. */
function connect(credentials: Credentials, clientId = credentials.username): Promise<MqttClient> {
  const options: IClientOptions = { clientId, username: credentials.username, password: credentials.password, protocolVersion: 4, clean: true, reconnectPeriod: 0, connectTimeout: 10_000 };
  const client = mqtt.connect(credentials.url, options);
  clients.add(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('the broker closed the connection before CONNACK')));
  });
}

/** The CONNACK refusal of a connection attempt (fails the test if the broker accepts it). */
async function refusal(credentials: Credentials, clientId?: string): Promise<{ code: unknown; message: string }> {
  const error: unknown = await connect(credentials, clientId).then(
    () => new Error('the broker accepted the connection'),
    (refused: unknown) => refused,
  );
  if (!(error instanceof Error)) throw new Error(`expected a refusal, got ${String(error)}`);
  if (error.message === 'the broker accepted the connection') throw error;
  return { code: Reflect.get(error, 'code'), message: error.message };
}

/** Subscribes at QoS 1 and returns the broker's SUBACK code per filter (128: refused). */
async function subscribe(client: MqttClient, filters: string[]): Promise<number[]> {
  try {
    return (await client.subscribeAsync(filters, { qos: 1 })).map((grant) => grant.qos);
  } catch (error) {
    // mqtt.js rejects when any filter is refused; the SUBACK it carries still says which.
    const granted: unknown = error instanceof ErrorWithSubackPacket ? error.packet?.granted : undefined;
    if (Array.isArray(granted) && granted.every((code) => typeof code === 'number')) return granted;
    throw error;
  }
}

/** Publishes at QoS 1: `acknowledged` on PUBACK, `connection closed` if the broker drops the client instead. */
function publish(client: MqttClient, topic: string, payload: string): Promise<'acknowledged' | 'connection closed'> {
  return new Promise((resolve, reject) => {
    client.once('close', () => resolve('connection closed'));
    client.publish(topic, payload, { qos: 1 }, (error) => {
      if (!error) resolve('acknowledged');
      else if (!client.connected) resolve('connection closed');
      else reject(error);
    });
  });
}

function topic(deviceId: string, kind: string): string {
  return `gantry/v1/${deviceId}/${kind}`;
}

async function refusalsCounted(action: 'connect' | 'publish' | 'subscribe'): Promise<number> {
  const text = await fetch(`${controller.url}/metrics`).then((response) => response.text());
  const line = text.split('\n').find((l) => l.startsWith(`gantry_mqtt_refusals_total{action="${action}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

async function cloudConnection(): Promise<string | undefined> {
  const status = await stack.agent.cli(['status', '--json']);
  if (status.code !== 0) return undefined;
  return (JSON.parse(status.stdout) as { cloud?: { connection: string } | null }).cloud?.connection;
}

beforeAll(async () => {
  controller = await startControllerProcess({ REPUBLISH_INTERVAL_MS: '1000', ROLLOUT_TICK_MS: '200' });
  stack = await createEdgeStack(controller);
  await stack.enroll();
  const identity = JSON.parse(await readFile(join(stack.agent.dataDir, 'identity.json'), 'utf8')) as StoredIdentity;
  const tcpUrl = identity.mqtt.urls.find((url) => url.startsWith('mqtt://'));
  if (tcpUrl === undefined) throw new Error(`the stored identity has no mqtt:// URL: ${identity.mqtt.urls.join(', ')}`);
  gateway = { url: tcpUrl, username: identity.mqtt.username, password: identity.mqtt.password };
  // A second gateway of the same site, enrolled as any gateway is, to be attacked.
  const admin = await ControllerApi.logIn(controller.url, 'admin', ADMIN_PASSWORD);
  const other = await admin.enroll({ token: await admin.createEnrollmentToken({ site: stack.site }), deviceId: uniqueName('gw') });
  neighbour = { url: tcpUrl, username: other.mqtt.username, password: other.mqtt.password };
}, 90_000);

afterEach(() => {
  for (const client of clients) client.end(true);
  clients.clear();
});

afterAll(async () => {
  await stack?.dispose();
  await controller?.stop();
}, 60_000);

describe('MQTT security across the wire, with the credentials a real agent enrolled', () => {
  it('stores the gateway identity: its device id is its MQTT username, with a secret and the broker URL', async () => {
    const identity = JSON.parse(await readFile(join(stack.agent.dataDir, 'identity.json'), 'utf8')) as StoredIdentity;
    expect(identity).toMatchObject({ deviceId: stack.deviceId, mqtt: { username: stack.deviceId } });
    expect(identity.mqtt.password.length).toBeGreaterThanOrEqual(16);
    expect(gateway.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    // The credentials work: the gateway may subscribe under its own prefix.
    const client = await connect(gateway);
    const grants = await subscribe(client, [topic(gateway.username, 'desired'), topic(gateway.username, 'cmd/+')]);
    expect(grants).toEqual([1, 1]);
  });

  it("refuses a subscription to another gateway's desired state and commands", async () => {
    const before = await refusalsCounted('subscribe');
    const client = await connect(gateway);
    const seen: string[] = [];
    client.on('message', (received) => seen.push(received));

    const grants = await subscribe(client, [topic(neighbour.username, 'desired'), topic(neighbour.username, 'cmd/+'), topic(neighbour.username, '#')]);

    expect(grants).toEqual([SUBACK_FAILURE, SUBACK_FAILURE, SUBACK_FAILURE]);
    // The neighbour's retained desired state exists (it was enrolled into the same site)…
    const spy = await connect(neighbour);
    const retained = new Promise<string>((resolve) => spy.once('message', (received) => resolve(received)));
    expect(await subscribe(spy, [topic(neighbour.username, 'desired')])).toEqual([1]);
    expect(await retained).toBe(topic(neighbour.username, 'desired'));
    // …and the refused subscriber got none of it: the session stays up, refusing only the filters.
    expect(client.connected).toBe(true);
    expect(seen).toEqual([]);
    expect(await refusalsCounted('subscribe')).toBe(before + 3);
  });

  it('refuses wildcard subscriptions that reach above its own prefix', async () => {
    const client = await connect(gateway);
    const filters = ['#', '+/#', 'gantry/#', 'gantry/v1/#', 'gantry/v1/+/desired', 'gantry/v1/+/cmd/+', 'gantry/v1/+/#', '+/v1/+/reported', `+/v1/${gateway.username}/desired`];

    const grants = await subscribe(client, filters);

    expect(grants).toEqual(filters.map(() => SUBACK_FAILURE));
    expect(client.connected).toBe(true);
  });

  it.each(['reported', 'events', 'status'])("cannot publish on another gateway's %s topic: the broker drops the connection and nothing is delivered", async (kind) => {
    const target = topic(neighbour.username, kind);
    const watcher = await connect(neighbour);
    const delivered: string[] = [];
    watcher.on('message', (received, payload) => delivered.push(`${received} ${payload.toString()}`));
    expect(await subscribe(watcher, [target])).toEqual([1]);
    const before = await refusalsCounted('publish');
    const probe = `forged-${randomUUID()}`;

    const attacker = await connect(gateway);
    expect(await publish(attacker, target, probe)).toBe('connection closed');

    // The neighbour may publish there itself; its marker arrives, the forged message never did.
    const marker = `marker-${randomUUID()}`;
    const markerSeen = new Promise<void>((resolve) => watcher.on('message', (_t, payload) => payload.toString() === marker && resolve()));
    expect(await publish(watcher, target, marker)).toBe('acknowledged');
    await markerSeen;
    expect(delivered.filter((line) => line.includes(probe))).toEqual([]);
    expect(await refusalsCounted('publish')).toBe(before + 1);
  });

  it('refuses a wrong secret, a borrowed secret and a client id that is not the username at connect', async () => {
    const before = await refusalsCounted('connect');

    const wrong = await refusal({ ...gateway, password: `${gateway.password.slice(0, -4)}AAAA` });
    const borrowed = await refusal({ ...neighbour, password: gateway.password });
    const spoofed = await refusal(gateway, neighbour.username);

    expect(wrong.code).toBe(CONNACK_BAD_USERNAME_OR_PASSWORD);
    expect(wrong.message).toMatch(/Bad username or password/i);
    expect(borrowed.code).toBe(CONNACK_BAD_USERNAME_OR_PASSWORD);
    expect(spoofed.code).toBe(CONNACK_IDENTIFIER_REJECTED);
    expect(await refusalsCounted('connect')).toBe(before + 3);
  });

  it('revokes the gateway through the API: the running agent is cut off and its credentials refused, while its containers keep running', async () => {
    // The real agent connects with these credentials and runs a release.
    await stack.agent.start();
    await stack.waitFor('the gateway online', async () => (await stack.device()).status === 'online');
    const releaseId = await stack.cutRelease(await stack.publishImage('1'), 'one');
    await stack.waitConverged(await stack.deploy(releaseId));
    await stack.waitFor('`status` to show the cloud connected', async () => (await cloudConnection()) === 'connected');
    const [running, ...others] = await stack.containers();
    expect(others).toEqual([]);
    expect(running?.State.Status).toBe('running');

    const revoked = await controller.api(`/devices/${stack.deviceId}/revoke`, { method: 'POST' });

    expect(revoked.status, JSON.stringify(revoked.body)).toBe(201);
    expect(revoked.body).toMatchObject({ id: stack.deviceId, status: 'offline' });
    // The broker ended the agent's session; every reconnect of the agent is refused.
    await stack.waitFor('the agent to lose its cloud connection', async () => {
      const connection = await cloudConnection();
      return connection !== undefined && connection !== 'connected';
    });
    await stack.waitFor('the agent to be refused on reconnect', async () => /refused the connection: bad username or password/.test(stack.agent.log()));
    expect(stack.agent.log()).toMatch(/lost the cloud connection/);
    expect((await stack.device()).status).toBe('offline');
    expect(await cloudConnection()).not.toBe('connected');
    const refused = await refusal(gateway);
    expect([CONNACK_BAD_USERNAME_OR_PASSWORD, CONNACK_NOT_AUTHORIZED]).toContain(refused.code);
    expect(refused.message).toMatch(/^Connection refused: (Bad username or password|Not authorized)/);
    // Offline autonomy: the same container still runs, untouched, and the agent is alive.
    const [after, ...more] = await stack.containers();
    expect(more).toEqual([]);
    expect(after).toMatchObject({ Id: running?.Id, State: { Status: 'running', StartedAt: running?.State.StartedAt } });
    const local = await stack.agent.cli(['status', '--json']);
    expect(local.code, local.stderr).toBe(0);
    expect(JSON.parse(local.stdout)).toMatchObject({ apps: [{ appId: stack.app, releaseId }] });
    // The other gateway of the site is not affected.
    expect((await connect(neighbour)).connected).toBe(true);
  }, 120_000);
});
