// One simulated gateway (agent core's Supervisor and SyncSession on the simulated engine,
// over mqtt.js) against a real aedes broker on loopback, playing the cloud by hand.
import { createServer, type Server } from 'node:net';
import { AppSpecSchema } from '@gantry/app-spec';
import { buildTopic, createMessage, encode, KnownDesiredDocuments, type DesiredState } from '@gantry/protocol';
import { Aedes, type AedesPublishPacket } from 'aedes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealTimeScheduler } from '../clock/real-scheduler.js';
import { SimRegistry } from '../runtime/registry.js';
import { Limiter } from './limiter.js';
import { OutgoingSample } from './outgoing-sample.js';
import { SimGateway, type SimGatewayContext } from './sim-gateway.js';

const MiB = 1024 * 1024;
const DEVICE = 'gw-sim-1';

function desired(version: number): string {
  const manifest = AppSpecSchema.parse({
    name: 'site',
    services: { api: { image: 'registry.local/api:1', restart: { policy: 'always' }, resources: { memoryBytes: 64 * MiB, nanoCpus: 250_000_000 } } },
  });
  const body: DesiredState = { version, hash: `sha256:${String(version).padStart(64, 'a')}`, apps: { site: { releaseId: 'site@1', manifest } } };
  const encoded = encode('desired', createMessage('desired', body, { deviceId: DEVICE }));
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.value;
}

describe('SimGateway on a real broker', () => {
  let server: Server;
  let broker: Aedes;
  let scheduler: RealTimeScheduler;
  let sut: SimGateway;
  let outgoingSample: OutgoingSample;
  const received: AedesPublishPacket[] = [];
  const bodies = (kind: 'status' | 'reported' | 'telemetry') =>
    received.filter((p) => p.topic === buildTopic({ kind, deviceId: DEVICE })).map((p) => JSON.parse(p.payload.toString()) as { body: Record<string, unknown> });

  beforeEach(async () => {
    received.length = 0;
    broker = await Aedes.createBroker();
    broker.on('publish', (packet, client) => {
      if (client) received.push(packet);
    });
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    scheduler = new RealTimeScheduler();
    outgoingSample = new OutgoingSample(1, 1_000_000);
    const context: SimGatewayContext = {
      scheduler,
      registry: new SimRegistry({ seed: 'test', images: { 'registry.local/api:1': { bytes: 100_000, layers: 1 } } }),
      connects: new Limiter(4),
      agentVersion: '0.1.0',
      platform: { os: 'linux', arch: 'arm64', cgroupVersion: 2 },
      resources: { allocatable: { memoryBytes: 512 * MiB, nanoCpus: 2_000_000_000 } },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      resyncIntervalMs: 60_000,
      recheckMs: 200,
      checkIntervalMs: 60_000,
      keepaliveS: 30,
      backoff: { initialMs: 50, maxMs: 200, factor: 2 },
      connectTimeoutMs: 2_000,
      knownDesired: new KnownDesiredDocuments(),
      outgoingSample,
    };
    const fast = { pullLatencyMs: 10, createMs: 5, startMs: 10, stopMs: 10, removeMs: 5 };
    sut = new SimGateway({ deviceId: DEVICE, labels: {}, brokerUrl: `mqtt://127.0.0.1:${address.port}`, password: 'unused-by-this-broker' }, context, 'default', fast, 'seed');
    await sut.start();
  });

  afterEach(async () => {
    await sut.stop();
    scheduler.close();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stores a desired state, runs it on the simulated engine, and reports it converged', async () => {
    await vi.waitFor(() => expect(sut.isConnected).toBe(true));
    broker.publish({ cmd: 'publish', topic: buildTopic({ kind: 'desired', deviceId: DEVICE }), payload: Buffer.from(desired(1)), qos: 1, retain: true, dup: false }, () => undefined);
    await vi.waitFor(() => expect(sut.report()?.target).toEqual({ version: 1, state: 'converged' }), { timeout: 5_000 });
    await vi.waitFor(() => expect(bodies('reported').some((r) => r.body['ackedVersion'] === 1 && JSON.stringify(r.body).includes('"converged"'))).toBe(true));
    expect(sut.store.state.target?.version).toBe(1);
    // Reports and event batches all went through the fleet's sample: only the first was checked.
    expect(outgoingSample.counts().messages).toBeGreaterThanOrEqual(3);
    expect(outgoingSample.counts().checked).toBe(1);
  });

  it('keeps events in its outbox while partitioned and sends them after healing', async () => {
    await vi.waitFor(() => expect(sut.isConnected).toBe(true));
    broker.publish({ cmd: 'publish', topic: buildTopic({ kind: 'desired', deviceId: DEVICE }), payload: Buffer.from(desired(1)), qos: 1, retain: true, dup: false }, () => undefined);
    await vi.waitFor(() => expect(sut.report()?.target.state).toBe('converged'), { timeout: 5_000 });
    await vi.waitFor(() => expect(sut.outbox.size).toBe(0));
    sut.link.partition();
    await vi.waitFor(() => expect(sut.isConnected).toBe(false));
    const container = (await sut.runtime.readCurrent()).containers[0];
    if (!container) throw new Error('no container');
    await sut.runtime.stop(container.id, 100);
    await vi.waitFor(() => expect(sut.outbox.size).toBeGreaterThan(0), { timeout: 5_000 });
    const sentBefore = sut.counters()?.eventsSent ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sut.isConnected).toBe(false);
    sut.link.heal();
    await vi.waitFor(() => expect(sut.isConnected).toBe(true), { timeout: 5_000 });
    await vi.waitFor(() => expect(sut.outbox.size).toBe(0), { timeout: 5_000 });
    expect(sut.counters()?.eventsSent ?? 0).toBeGreaterThan(sentBefore);
  });

  it('restarts with a new boot id from the same disk: the Will marks the old boot offline, the target is kept', async () => {
    await vi.waitFor(() => expect(sut.isConnected).toBe(true));
    broker.publish({ cmd: 'publish', topic: buildTopic({ kind: 'desired', deviceId: DEVICE }), payload: Buffer.from(desired(1)), qos: 1, retain: true, dup: false }, () => undefined);
    await vi.waitFor(() => expect(sut.report()?.target.state).toBe('converged'), { timeout: 5_000 });
    const containersBefore = (await sut.runtime.readCurrent()).containers.map((c) => c.id);
    await sut.restart();
    expect(sut.bootCount).toBe(2);
    await vi.waitFor(() => expect(sut.isConnected).toBe(true), { timeout: 5_000 });
    const statuses = bodies('status').map((s) => s.body);
    const boots = [...new Set(statuses.map((s) => s['bootId']))];
    expect(boots).toHaveLength(2);
    expect(statuses).toContainEqual(expect.objectContaining({ state: 'offline', reason: 'connection-lost', bootId: boots[0] }));
    expect(statuses.at(-1)).toMatchObject({ state: 'online', bootId: boots[1] });
    expect(sut.store.state.target?.version).toBe(1);
    await vi.waitFor(() => expect(sut.report()?.target.state).toBe('converged'), { timeout: 5_000 });
    expect((await sut.runtime.readCurrent()).containers.map((c) => c.id)).toEqual(containersBefore);
  });

  it('stamps its messages with its skewed clock and sends malformed messages on its own topics', async () => {
    await vi.waitFor(() => expect(sut.isConnected).toBe(true));
    sut.skewClock(3_600_000);
    await sut.sendMalformed('not-json');
    expect(received.at(-1)?.topic).toBe(buildTopic({ kind: 'reported', deviceId: DEVICE }));
    expect(sut.malformedSent).toEqual({ 'not-json': 1 });
    await sut.sampleTelemetry(1_000);
    await vi.waitFor(() => expect(bodies('telemetry')).toHaveLength(1));
    const [telemetry] = received.filter((p) => p.topic.endsWith('/telemetry')).map((p) => JSON.parse(p.payload.toString()) as { ts: string });
    expect(Date.parse(telemetry?.ts ?? '') - Date.now()).toBeGreaterThan(3_500_000);
  });
});
