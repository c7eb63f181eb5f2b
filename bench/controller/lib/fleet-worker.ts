// A gateway-fleet worker: one process holding many mqtt.js sessions that behave like idle
// agents. Each session connects as its gateway (client id = username = device id, the
// offline `status` as its retained Will), subscribes its `desired` topic at QoS 1,
// publishes a retained `online` status, and acknowledges every `desired` with a `reported`
// (QoS 1) as an agent does after storing it. Driven over IPC by lib/fleet.ts.
import { randomUUID } from 'node:crypto';
import { buildTopic, createMessage, encode, type BodyOf, type MessageKind } from '@gantry/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import type { Arrivals, FleetAnswer, FleetRequest, FleetStats } from './fleet-messages.js';
import type { GatewayCredentials } from './enrollment.js';

const AGENT_VERSION = '0.1.0';
const ALLOCATABLE = { nanoCpus: 2_000_000_000, memoryBytes: 2 * 1024 ** 3, pids: 4096 };

interface Session {
  deviceId: string;
  client: MqttClient;
  hasDesired: boolean;
  /** First arrival (wall clock ms) of a `desired` carrying each release id. */
  releases: Map<string, number>;
}

const sessions: Session[] = [];
const samples = new Map<string, { deviceId: string; payload: string }>();
let failed = 0;
let dropped = 0;
let desiredMessages = 0;
let acks = 0;
let isClosing = false;
const errors: string[] = [];

const nowMs = () => performance.timeOrigin + performance.now();
const noteError = (text: string) => {
  if (errors.length < 10) errors.push(text.slice(0, 300));
};

function encoded<K extends MessageKind>(kind: K, body: BodyOf<K>, deviceId: string, parentId?: string): string {
  const result = encode(kind, createMessage(kind, body, { deviceId, ...(parentId === undefined ? {} : { parentId }) }));
  if (!result.ok) throw new Error(`the bench built an invalid ${kind}: ${result.error.message}`);
  return result.value;
}

/** What the worker reads from a `desired`; it trusts nothing else in it. */
function readDesired(payload: Buffer): { id: string; version: number; hash: string; releaseIds: string[] } | undefined {
  const parsed: unknown = JSON.parse(payload.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('id' in parsed) || !('body' in parsed)) return undefined;
  const { id, body } = parsed;
  if (typeof id !== 'string' || typeof body !== 'object' || body === null || !('version' in body) || !('hash' in body) || !('apps' in body)) return undefined;
  const { version, hash, apps } = body;
  if (typeof version !== 'number' || typeof hash !== 'string' || typeof apps !== 'object' || apps === null) return undefined;
  const releaseIds = Object.values(apps).flatMap((app: unknown) =>
    typeof app === 'object' && app !== null && 'releaseId' in app && typeof app.releaseId === 'string' ? [app.releaseId] : [],
  );
  return { id, version, hash, releaseIds };
}

async function openSession({ deviceId, password }: GatewayCredentials, url: string, keepaliveS: number): Promise<void> {
  const bootId = randomUUID();
  const will = encoded('status', { state: 'offline', agentVersion: AGENT_VERSION, bootId, reason: 'connection-lost' }, deviceId);
  const client = mqtt.connect(url, {
    clientId: deviceId,
    username: deviceId,
    password,
    clean: true,
    protocolVersion: 4,
    keepalive: keepaliveS,
    reconnectPeriod: 0,
    connectTimeout: 60_000,
    will: { topic: buildTopic({ kind: 'status', deviceId }), payload: Buffer.from(will), qos: 1, retain: true },
  });
  const session: Session = { deviceId, client, hasDesired: false, releases: new Map() };
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () => reject(new Error('closed before CONNACK')));
    });
  } catch (error) {
    client.end(true);
    throw error;
  }
  client.on('error', (error) => noteError(`${deviceId}: ${error.message}`));
  client.on('close', () => {
    if (isClosing) return;
    dropped++;
    noteError(`${deviceId}: session closed by the broker at ${new Date().toISOString()}`);
  });
  client.on('message', (_topic, payload) => {
    const atMs = nowMs();
    desiredMessages++;
    session.hasDesired = true;
    const desired = readDesired(payload);
    if (desired === undefined) {
      noteError(`${deviceId}: a desired message the bench cannot read`);
      return;
    }
    for (const releaseId of desired.releaseIds) {
      if (session.releases.has(releaseId)) continue;
      session.releases.set(releaseId, atMs);
      if (!samples.has(releaseId)) samples.set(releaseId, { deviceId, payload: payload.toString('utf8') });
    }
    const reported = encoded(
      'reported',
      {
        ackedVersion: desired.version,
        ackedHash: desired.hash,
        target: { version: desired.version, state: desired.releaseIds.length === 0 ? 'converged' : 'applying' },
        apps: {},
        gateway: { allocatable: ALLOCATABLE },
      },
      deviceId,
      desired.id,
    );
    client.publish(buildTopic({ kind: 'reported', deviceId }), reported, { qos: 1 }, (error) => {
      if (error) noteError(`${deviceId}: ack: ${error.message}`);
      else acks++;
    });
  });
  const granted = await client.subscribeAsync(buildTopic({ kind: 'desired', deviceId }), { qos: 1 });
  if (granted[0]?.qos !== 1) throw new Error(`${deviceId}: subscription to desired not granted at QoS 1 (${JSON.stringify(granted)})`);
  const online = encoded('status', { state: 'online', agentVersion: AGENT_VERSION, bootId, platform: { os: 'linux', arch: 'x64', cgroupVersion: 2 } }, deviceId);
  await client.publishAsync(buildTopic({ kind: 'status', deviceId }), online, { qos: 1, retain: true });
  sessions.push(session);
}

async function connectAll(request: Extract<FleetRequest, { type: 'connect' }>): Promise<FleetAnswer> {
  const startedAt = performance.now();
  let next = 0;
  let ok = 0;
  let failedNow = 0;
  const lane = async () => {
    for (let index = next++; index < request.gateways.length; index = next++) {
      const gateway = request.gateways[index];
      if (gateway === undefined) continue;
      try {
        await openSession(gateway, request.url, request.keepaliveS);
        ok++;
      } catch (error) {
        failedNow++;
        noteError(`${gateway.deviceId}: connect: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(request.concurrency, request.gateways.length) }, lane));
  failed += failedNow;
  return { id: request.id, type: 'connected', ok, failed: failedNow, errors: [...errors], durationMs: performance.now() - startedAt };
}

function stats(): FleetStats {
  return {
    connected: sessions.filter((s) => s.client.connected).length,
    failed,
    dropped,
    withDesired: sessions.filter((s) => s.hasDesired).length,
    desiredMessages,
    acks,
    errors: [...errors],
    rssBytes: process.memoryUsage.rss(),
  };
}

function arrivals(releaseId: string): Arrivals {
  const atMs = sessions.flatMap((s) => {
    const at = s.releases.get(releaseId);
    return at === undefined ? [] : [at];
  });
  const sample = samples.get(releaseId);
  return { atMs, samplePayload: sample?.payload, sampleDeviceId: sample?.deviceId };
}

async function closeAll(): Promise<void> {
  isClosing = true;
  await Promise.all(sessions.map((s) => s.client.endAsync(true).catch(() => undefined)));
}

async function handle(request: FleetRequest): Promise<FleetAnswer> {
  switch (request.type) {
    case 'connect':
      return connectAll(request);
    case 'stats':
      return { id: request.id, type: 'stats', stats: stats() };
    case 'arrivals':
      return { id: request.id, type: 'arrivals', arrivals: arrivals(request.releaseId) };
    case 'close':
      await closeAll();
      return { id: request.id, type: 'closed' };
  }
}

process.on('message', (request: FleetRequest) => {
  void handle(request)
    .catch((error: unknown): FleetAnswer => ({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) }))
    .then((answer) => process.send?.(answer));
});
// The benchmark going away (or its IPC channel closing) ends the worker.
process.on('disconnect', () => void closeAll().finally(() => process.exit(0)));
