import { buildTopic, decode } from '@gantry/protocol';
import { pollUntil } from '@gantry/test-kit';
import { connectAsync } from 'mqtt';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DesiredStateService } from '../src/desired-state/desired-state.service.js';
import { Republisher } from '../src/desired-state/republisher.js';
import { Device } from '../src/devices/device.entity.js';
import { DevicesService } from '../src/devices/devices.service.js';
import { FleetEvents, type FleetEvent } from '../src/fleet-events/fleet-events.js';
import { makeDataDir, startController, type RunningController } from './controller-app.js';
import { brokerUrl, playGateway, type Behaviour, type PlayedGateway } from './played-gateway.js';

let controller: RunningController;
let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
const events: FleetEvent[] = [];
let subscription: Subscription;
const gateways: PlayedGateway[] = [];

beforeAll(async () => {
  dataDir = await makeDataDir();
  // Republishing is driven by the tests here, not by the timer.
  controller = await startController(dataDir.path, { REPUBLISH_INTERVAL_MS: '3600000' });
  subscription = controller.app.get(FleetEvents).stream.subscribe((event) => events.push(event));
});

afterAll(async () => {
  subscription.unsubscribe();
  await Promise.all(gateways.map((gateway) => gateway.session.client.endAsync(true)));
  await controller.close();
  await dataDir.remove();
});

const devices = () => controller.app.get(DataSource).getRepository(Device);
const stored = (id: string) => devices().findOneByOrFail({ id });
const publishedSince = (start: number) => events.slice(start).flatMap((event) => (event.type === 'desired.published' ? [event.deviceId] : []));

async function play(id: string, labels: Record<string, string>, behaviour: Behaviour = 'converge'): Promise<PlayedGateway> {
  const gateway = await playGateway(controller, id, labels, behaviour);
  gateways.push(gateway);
  return gateway;
}

async function deployApp(app: string, selector: string): Promise<{ releaseId: string; deploymentId: string }> {
  expect((await controller.api('/apps', { method: 'POST', body: { id: app } })).status).toBe(201);
  const cut = await controller.api(`/apps/${app}/releases`, { method: 'POST', body: { manifest: `name: ${app}\nservices:\n  main:\n    image: registry.local/${app}:1.0.0\n    resources:\n      memoryBytes: 16Mi\n      nanoCpus: "0.1"\n` } });
  expect(cut.status).toBe(201);
  const releaseId = (cut.body as { id: string }).id;
  const created = await controller.api('/deployments', { method: 'POST', body: { appId: app, releaseId, selector } });
  expect(created.status).toBe(201);
  return { releaseId, deploymentId: (created.body as { id: string }).id };
}

describe('desired state publication', () => {
  it('publishes a valid desired envelope once, and nothing when the compiled hash is unchanged', async () => {
    const gateway = await play('gw-hash-1', { zone: 'hash' });
    const { releaseId } = await deployApp('meter', 'zone=hash');
    const desired = await gateway.waitFor((doc) => doc.apps['meter']?.releaseId === releaseId, 'meter');
    const before = await stored('gw-hash-1');
    expect(before).toMatchObject({ desiredVersion: desired.version, desiredHash: desired.hash, desired: { version: desired.version, apps: { meter: { releaseId } } } });

    const start = events.length;
    await controller.app.get(DesiredStateService).recompile(['gw-hash-1', 'gw-hash-1']);
    expect(publishedSince(start)).toEqual([]);
    expect(await stored('gw-hash-1')).toMatchObject({ desiredVersion: before.desiredVersion, desiredHash: before.desiredHash });

    // What the broker keeps decodes with the protocol, addressed to the gateway.
    const client = await connectAsync(brokerUrl(controller), { clientId: gateway.id, username: gateway.id, password: gateway.password, reconnectPeriod: 0 });
    const payload = new Promise<Buffer>((resolve) => client.once('message', (_topic, bytes) => resolve(bytes)));
    await client.subscribeAsync(buildTopic({ kind: 'desired', deviceId: gateway.id }), { qos: 1 });
    const decoded = decode('desired', await payload);
    await client.endAsync();
    expect(decoded.ok && decoded.value).toMatchObject({ deviceId: 'gw-hash-1', body: { version: desired.version, hash: desired.hash } });
  });

  it('withdraws a deleted app from exactly the gateways whose desired state ran it', async () => {
    const [first, second] = await Promise.all(['gw-gone-1', 'gw-gone-2'].map((id) => play(id, { zone: 'gone' })));
    const bystander = await play('gw-gone-3', { zone: 'elsewhere' });
    const { releaseId } = await deployApp('ephemeral', 'zone=gone');
    for (const gateway of [first, second]) await gateway?.waitFor((doc) => doc.apps['ephemeral']?.releaseId === releaseId, 'ephemeral');
    const bystanderVersion = (await stored(bystander.id)).desiredVersion;

    const start = events.length;
    expect((await controller.api('/apps/ephemeral?confirm=ephemeral', { method: 'DELETE' })).status).toBe(200);
    for (const gateway of [first, second]) await gateway?.waitFor((doc) => doc.apps['ephemeral'] === undefined && doc.version > 2, 'ephemeral removed');
    await pollUntil(() => publishedSince(start).length >= 2, { what: 'both withdrawals published' });
    expect(publishedSince(start).sort()).toEqual(['gw-gone-1', 'gw-gone-2']);
    expect((await stored(bystander.id)).desiredVersion).toBe(bystanderVersion);
  });

  it('republishes only to online gateways that have not acknowledged their desired state within the interval, nor refused it', async () => {
    const silent = await play('gw-quiet-1', { zone: 'quiet' }, 'silent');
    const acking = await play('gw-quiet-2', { zone: 'quiet' });
    const refusing = await play('gw-quiet-4', { zone: 'quiet' }, 'refuse');
    await controller.app.get(DevicesService).register({ id: 'gw-quiet-3', name: 'never connected', labels: { zone: 'quiet' } });
    const { releaseId } = await deployApp('pager', 'zone=quiet');
    const version = (await silent.waitFor((doc) => doc.apps['pager']?.releaseId === releaseId, 'pager')).version;
    await acking.waitFor((doc) => doc.apps['pager']?.releaseId === releaseId, 'pager');
    await pollUntil(async () => (await stored(acking.id)).ackedVersion >= version, { what: 'the acking gateway to ack' });
    await pollUntil(async () => (await stored(refusing.id)).reported?.target.state === 'refused', { what: 'the refusing gateway to refuse' });
    expect(await stored('gw-quiet-3')).toMatchObject({ status: 'offline', ackedVersion: 0, desiredVersion: version });

    const received = silent.versions().length;
    // Within the interval (an hour here) after the version was stored, its ack may still be on its way.
    expect(await controller.app.get(Republisher).republish()).not.toContain('gw-quiet-1');
    const sent = await controller.app.get(Republisher).republish(new Date(Date.now() + 3_600_000));
    await pollUntil(() => silent.versions().length > received, { what: 'the republished document' });
    expect(silent.versions().at(-1)).toBe(version);
    expect(sent).toContain('gw-quiet-1');
    expect(sent).not.toContain('gw-quiet-2');
    expect(sent).not.toContain('gw-quiet-3');
    expect(sent).not.toContain('gw-quiet-4');
    expect(await stored(refusing.id)).toMatchObject({ ackedVersion: 0, desiredVersion: version });
  });

  it('stops compiling for a revoked gateway and drops it from its deployments', async () => {
    const gateway = await play('gw-revoked-1', { zone: 'revoked' });
    const { deploymentId } = await deployApp('sentry', 'zone=revoked');
    await gateway.waitFor((doc) => doc.apps['sentry'] !== undefined, 'sentry');
    expect((await controller.api(`/devices/${gateway.id}/revoke`, { method: 'POST' })).status).toBe(201);
    await pollUntil(async () => ((await controller.api(`/deployments/${deploymentId}`)).body as { total: number }).total === 0, { what: 'the revoked gateway to leave the deployment' });
    const version = (await stored(gateway.id)).desiredVersion;
    await controller.app.get(DesiredStateService).recompile([gateway.id]);
    expect((await stored(gateway.id)).desiredVersion).toBe(version);
  });
});

describe('a fleet of 10,000 gateways', () => {
  it('compiles, stores and publishes every selected gateway in batches', { timeout: 180_000 }, async () => {
    const createdAt = new Date();
    const fleet = Array.from({ length: 10_000 }, (_, index) => `gw-bulk-${String(index).padStart(5, '0')}`);
    for (let start = 0; start < fleet.length; start += 500) {
      await devices().insert(fleet.slice(start, start + 500).map((id) => ({ id, name: id, labels: { fleet: 'bulk' }, status: 'offline' as const, createdAt })));
    }
    const start = events.length;
    const { releaseId, deploymentId } = await deployApp('bulk', 'fleet=bulk');
    expect(publishedSince(start)).toHaveLength(10_000);
    const raw: unknown = await devices().createQueryBuilder('device').select('COUNT(*)', 'count').where('device.desired_version = 1').andWhere("device.id LIKE 'gw-bulk-%'").getRawOne();
    expect(Number((raw as { count: string | number }).count)).toBe(10_000);
    expect((await stored('gw-bulk-09999')).desired?.apps['bulk']?.releaseId).toBe(releaseId);
    const detail = (await controller.api(`/deployments/${deploymentId}`)).body as { total: number; totals: { targeted: number } };
    expect(detail).toMatchObject({ total: 10_000, totals: { targeted: 10_000 } });
    const targets = (await controller.api(`/deployments/${deploymentId}/targets?limit=500&cursor=gw-bulk-09499`)).body as { items: { desiredVersion: number }[]; nextCursor: string | null };
    expect(targets.items).toHaveLength(500);
    expect(targets.items.every((item) => item.desiredVersion === 1)).toBe(true);
    expect(targets.nextCursor).toBeNull();
  });
});
