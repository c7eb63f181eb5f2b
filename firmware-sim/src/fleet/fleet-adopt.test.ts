// A fleet brought up from identities enrolled before, against a real aedes broker on loopback
// that plays the cloud: no controller, so nothing to enroll through.
import { createServer, type Server } from 'node:net';
import { AppSpecSchema } from '@gantry/app-spec';
import { buildTopic, createMessage, encode, type DesiredState } from '@gantry/protocol';
import { Aedes } from 'aedes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fleet } from './fleet.js';
import type { EnrolledGateway } from './sim-gateway.js';

const MiB = 1024 * 1024;
const IMAGE = 'registry.local/api:1';

function desired(deviceId: string): Buffer {
  const manifest = AppSpecSchema.parse({ name: 'site', services: { api: { image: IMAGE, restart: { policy: 'always' }, resources: { memoryBytes: 64 * MiB, nanoCpus: 250_000_000 } } } });
  const body: DesiredState = { version: 1, hash: `sha256:${'b'.repeat(64)}`, apps: { site: { releaseId: 'site@1', manifest } } };
  const encoded = encode('desired', createMessage('desired', body, { deviceId }));
  if (!encoded.ok) throw new Error(encoded.error.message);
  return Buffer.from(encoded.value);
}

describe('Fleet.ofEnrolled', () => {
  let server: Server;
  let broker: Aedes;
  let fleet: Fleet;
  let identities: EnrolledGateway[];
  const online = new Set<string>();

  beforeEach(async () => {
    online.clear();
    broker = await Aedes.createBroker();
    broker.on('publish', (packet, client) => {
      if (client && packet.topic.endsWith('/status') && packet.payload.toString().includes('"online"')) online.add(client.id);
    });
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const brokerUrl = `mqtt://127.0.0.1:${address.port}`;
    identities = ['gw-kept-1', 'gw-kept-2'].map((deviceId) => ({ deviceId, labels: { site: 'lab' }, brokerUrl, password: 'unused-by-this-broker' }));
    fleet = Fleet.ofEnrolled({ seed: 'adopt', registry: { images: { [IMAGE]: { bytes: 100_000, layers: 1 } } }, telemetryIntervalMs: 0, backoff: { initialMs: 50, maxMs: 200, factor: 2 } });
  });

  afterEach(async () => {
    await fleet.stop();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('runs adopted gateways under the identities given, and they take a desired state', async () => {
    const adopted = fleet.adopt(identities, () => ({ name: 'fast', profile: { pullLatencyMs: 5, createMs: 5, startMs: 5 } }));
    expect(adopted.map((g) => g.deviceId)).toEqual(['gw-kept-1', 'gw-kept-2']);
    expect(fleet.gateway('gw-kept-2').profileName).toBe('fast');
    await fleet.start();
    await vi.waitFor(() => expect([...online].sort()).toEqual(['gw-kept-1', 'gw-kept-2']), { timeout: 5_000 });
    broker.publish({ cmd: 'publish', topic: buildTopic({ kind: 'desired', deviceId: 'gw-kept-2' }), payload: desired('gw-kept-2'), qos: 1, retain: true, dup: false }, () => undefined);
    await vi.waitFor(() => expect(fleet.gateway('gw-kept-2').report()?.target).toEqual({ version: 1, state: 'converged' }), { timeout: 5_000 });
    expect(fleet.gateway('gw-kept-1').report()?.target.version).toBe(0);
  });

  it('refuses a gateway it holds already, or twice in one call, and adopts none of that call', () => {
    fleet.adopt(identities.slice(0, 1));
    expect(() => fleet.adopt(identities)).toThrow('the fleet would hold gateway gw-kept-1 twice');
    expect(() => fleet.adopt([identities[1], identities[1]].filter((i) => i !== undefined))).toThrow('gw-kept-2 twice');
    expect(fleet.gateways.map((g) => g.deviceId)).toEqual(['gw-kept-1']);
  });

  it('has no controller to enroll through, and says so', async () => {
    await expect(fleet.enroll({ count: 1 })).rejects.toThrow(/no controller to enroll through/);
    expect(fleet.gateways).toHaveLength(0);
  });
});
