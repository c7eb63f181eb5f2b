import { pollUntil } from '@gantry/test-kit';
import { buildTopic } from '@gantry/protocol';
import { connectAsync, type IPublishPacket, type MqttClient } from 'mqtt';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RolloutEngine } from '../src/deployments/rollout-engine.js';
import { Device } from '../src/devices/device.entity.js';
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
  controller = await startController(dataDir.path, { ROLLOUT_TICK_MS: '50', REPUBLISH_INTERVAL_MS: '250' });
  subscription = controller.app.get(FleetEvents).stream.subscribe((event) => events.push(event));
});

afterAll(async () => {
  subscription.unsubscribe();
  await Promise.all(gateways.map((gateway) => gateway.session.client.endAsync(true)));
  await controller.close();
  await dataDir.remove();
});

const manifest = (app: string, image: string): string => `name: ${app}\nservices:\n  main:\n    image: ${image}\n    resources:\n      memoryBytes: 32Mi\n      nanoCpus: "0.1"\n`;

/** Creates the app if needed and cuts a release with this image; returns the release id. */
async function release(app: string, image: string): Promise<string> {
  const created = await controller.api('/apps', { method: 'POST', body: { id: app } });
  expect([201, 409]).toContain(created.status);
  const cut = await controller.api(`/apps/${app}/releases`, { method: 'POST', body: { manifest: manifest(app, image) } });
  expect(cut.status).toBe(201);
  return (cut.body as { id: string }).id;
}

async function play(id: string, labels: Record<string, string>, behaviour: Behaviour = 'converge'): Promise<PlayedGateway> {
  const gateway = await playGateway(controller, id, labels, behaviour);
  gateways.push(gateway);
  return gateway;
}

interface DeploymentBody {
  id: string;
  phase: string;
  phaseReason: string | null;
  currentWave: number;
  waveCount: number;
  total: number;
  totals: Record<string, number>;
  waves: { wave: number; totals: Record<string, number> }[];
}

async function deploy(body: Record<string, unknown>): Promise<DeploymentBody> {
  const response = await controller.api('/deployments', { method: 'POST', body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as DeploymentBody;
}

async function deployment(id: string): Promise<DeploymentBody> {
  const response = await controller.api(`/deployments/${id}`);
  expect(response.status).toBe(200);
  return response.body as DeploymentBody;
}

async function targets(id: string, query = ''): Promise<Record<string, string>> {
  const response = await controller.api(`/deployments/${id}/targets?limit=500${query}`);
  expect(response.status).toBe(200);
  return Object.fromEntries((response.body as { items: { deviceId: string; status: string }[] }).items.map((item) => [item.deviceId, item.status]));
}

async function stored(id: string): Promise<Device> {
  const device = await controller.app.get(DataSource).getRepository(Device).findOneByOrFail({ id });
  return device;
}

const runs = (app: string, releaseId: string) => (desired: { apps: Record<string, { releaseId: string }> }) => desired.apps[app]?.releaseId === releaseId;

function noGatewayFailed(): void {
  for (const gateway of gateways) expect(gateway.failure(), gateway.id).toBeUndefined();
}

describe('deployments to labelled gateways', () => {
  let thermo1: string;
  let thermo2: string;
  let first: DeploymentBody;
  let b1: PlayedGateway;
  let b2: PlayedGateway;
  let p1: PlayedGateway;

  beforeAll(async () => {
    thermo1 = await release('thermo', 'registry.local/thermo:1.0.0');
    thermo2 = await release('thermo', 'registry.local/thermo:2.0.0');
    b1 = await play('gw-berlin-1', { site: 'berlin' });
    b2 = await play('gw-berlin-2', { site: 'berlin' });
    p1 = await play('gw-paris-1', { site: 'paris' });
    // Each starts with its first (empty) target, compiled when it was registered.
    for (const gateway of [b1, b2, p1]) await gateway.waitFor((desired) => desired.version === 1, 'its first target');
  });

  it('publishes a retained QoS 1 desired state to exactly the matching gateways', async () => {
    first = await deploy({ appId: 'thermo', releaseId: thermo1, selector: 'site=berlin' });
    expect(first).toMatchObject({ phase: 'rolling', currentWave: 1, waveCount: 1, total: 2 });
    await b1.waitFor(runs('thermo', thermo1), 'thermo@1');
    await b2.waitFor(runs('thermo', thermo1), 'thermo@1');
    expect(new Set(p1.versions())).toEqual(new Set([1]));
    expect((await stored('gw-paris-1')).desiredVersion).toBe(1);

    // A new session of the gateway gets the document from the broker alone: it is retained.
    await b1.session.close();
    const { client, packet } = await retainedDesired(b1);
    expect(packet).toMatchObject({ retain: true, qos: 1 });
    expect(JSON.parse(packet.payload.toString())).toMatchObject({ kind: 'desired', deviceId: 'gw-berlin-1', body: { version: 2, apps: { thermo: { releaseId: thermo1 } } } });
    await client.endAsync();

    await pollUntil(async () => (await deployment(first.id)).phase === 'complete', { what: 'the deployment to complete' });
    expect(await deployment(first.id)).toMatchObject({ totals: { converged: 2, targeted: 0, failed: 0 }, waves: [{ wave: 1, totals: { converged: 2 } }] });
    expect(await targets(first.id)).toEqual({ 'gw-berlin-1': 'converged', 'gw-berlin-2': 'converged' });
    noGatewayFailed();
  });

  it('leaves the hash and version of gateways an unrelated deployment does not select unchanged', async () => {
    const before = await Promise.all(['gw-berlin-1', 'gw-berlin-2'].map(stored));
    const published = events.length;
    const other = await deploy({ appId: 'thermo', releaseId: thermo2, selector: 'site=paris' });
    await p1.waitFor(runs('thermo', thermo2), 'thermo@2');
    const after = await Promise.all(['gw-berlin-1', 'gw-berlin-2'].map(stored));
    expect(after.map(({ desiredVersion, desiredHash }) => ({ desiredVersion, desiredHash }))).toEqual(before.map(({ desiredVersion, desiredHash }) => ({ desiredVersion, desiredHash })));
    const publishedTo = events.slice(published).flatMap((event) => (event.type === 'desired.published' ? [event.deviceId] : []));
    expect(publishedTo).toEqual(['gw-paris-1']);
    expect(await targets(other.id)).toEqual({ 'gw-paris-1': expect.stringMatching(/targeted|acked|converged/) });
  });

  it('recompiles only the gateway whose labels changed, which joins the deployments that now select it', async () => {
    const published = events.length;
    const berlin = await Promise.all(['gw-berlin-1', 'gw-berlin-2'].map(stored));
    const response = await controller.api('/devices/gw-paris-1', { method: 'PATCH', body: { labels: { site: 'berlin' } } });
    expect(response.status).toBe(200);
    await p1.waitFor(runs('thermo', thermo1), 'thermo@1 after the move to berlin');
    await pollUntil(async () => (await targets(first.id))['gw-paris-1'] === 'converged', { what: 'the moved gateway to converge' });
    expect((await stored('gw-berlin-1')).desiredVersion).toBe(berlin[0]?.desiredVersion);
    expect((await stored('gw-berlin-2')).desiredVersion).toBe(berlin[1]?.desiredVersion);
    const publishedTo = events.slice(published).flatMap((event) => (event.type === 'desired.published' ? [event.deviceId] : []));
    expect(publishedTo).toEqual(['gw-paris-1']);
    // It no longer matches site=paris: its row there is gone.
    const paris = (await controller.api('/deployments?appId=thermo')).body as { items: { id: string; selector: string }[] };
    const parisDeployment = paris.items.find((item) => item.selector === 'site=paris');
    expect(parisDeployment).toBeDefined();
    expect(await targets(parisDeployment?.id ?? '')).toEqual({});
  });

  it('lets the higher-priority deployment of an app win, and a rollback restores the release it replaced', async () => {
    const berlin = [b2, p1];
    const urgent = await deploy({ appId: 'thermo', releaseId: thermo2, selector: 'site=berlin', priority: 10 });
    for (const gateway of berlin) await gateway.waitFor(runs('thermo', thermo2), 'thermo@2 from the priority 10 deployment');
    await pollUntil(async () => (await targets(first.id))['gw-berlin-2'] === 'superseded', { what: 'the older deployment to be superseded' });

    // Newer but of lower priority: it loses from the start, and nothing is republished.
    const versions = await Promise.all(berlin.map(async (gateway) => (await stored(gateway.id)).desiredVersion));
    const lower = await deploy({ appId: 'thermo', releaseId: thermo1, selector: 'site=berlin', priority: 5 });
    expect(Object.values(await targets(lower.id))).toEqual(['superseded', 'superseded', 'superseded']);
    expect(await Promise.all(berlin.map(async (gateway) => (await stored(gateway.id)).desiredVersion))).toEqual(versions);

    const rolledBack = await controller.api(`/deployments/${urgent.id}/rollback`, { method: 'POST' });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ phase: 'rolled-back' });
    for (const gateway of berlin) await gateway.waitFor((desired) => desired.version > (versions[berlin.indexOf(gateway)] ?? 0) && runs('thermo', thermo1)(desired), 'thermo@1 again');
    await pollUntil(async () => (await targets(lower.id))['gw-berlin-2'] === 'converged', { what: 'the priority 5 deployment to take over' });
    expect((await targets(first.id))['gw-berlin-2']).toBe('superseded');
    const again = await controller.api(`/deployments/${urgent.id}/rollback`, { method: 'POST' });
    expect(again.status).toBe(409);
    noGatewayFailed();
  });
});

describe('rollouts in waves', () => {
  it('admits the second wave only after the first converged and its pause passed', async () => {
    const vision = await release('vision', 'registry.local/vision:1.0.0');
    const fleet = await Promise.all(['gw-wave-1', 'gw-wave-2', 'gw-wave-3', 'gw-wave-4'].map((id) => play(id, { site: 'waves' })));
    const [w1, w2, w3, w4] = fleet;
    if (w1 === undefined || w2 === undefined || w3 === undefined || w4 === undefined) throw new Error('four gateways expected');
    const created = await deploy({ appId: 'vision', releaseId: vision, selector: 'site=waves', strategy: { type: 'waves', waveSize: { count: 2 }, pauseMs: 300, failureThresholdPercent: 50 } });
    expect(created).toMatchObject({ waveCount: 2, currentWave: 1, totals: { targeted: 2, pending: 2 } });
    expect((await stored('gw-wave-3')).desired?.apps['vision']).toBeUndefined();

    await w1.waitFor(runs('vision', vision), 'vision in wave 1');
    await w2.waitFor(runs('vision', vision), 'vision in wave 1');
    await w3.waitFor(runs('vision', vision), 'vision in wave 2');
    await w4.waitFor(runs('vision', vision), 'vision in wave 2');

    const progress = (event: FleetEvent) => event.type === 'deployment.progress' && event.deploymentId === created.id;
    const firstConverged = events.findIndex((event) => progress(event) && event.type === 'deployment.progress' && event.totals.converged === 2);
    const secondPublished = events.findIndex((event) => event.type === 'desired.published' && event.deviceId === 'gw-wave-3' && event.version > 1);
    expect(firstConverged).toBeGreaterThan(-1);
    expect(secondPublished).toBeGreaterThan(firstConverged);

    await pollUntil(async () => (await deployment(created.id)).phase === 'complete', { what: 'the rollout to complete' });
    expect(await deployment(created.id)).toMatchObject({
      currentWave: 2,
      total: 4,
      totals: { converged: 4, pending: 0 },
      waves: [
        { wave: 1, totals: { converged: 2 } },
        { wave: 2, totals: { converged: 2 } },
      ],
    });
    expect(await targets(created.id, '&status=converged&wave=2')).toEqual({ 'gw-wave-3': 'converged', 'gw-wave-4': 'converged' });
    // Progress is counted at most a few times a second, so the gauge may trail the rows briefly.
    const scrape = async () => (await fetch(`${controller.baseUrl.replace(/\/api\/v1$/, '')}/metrics`)).text();
    const metrics = await pollUntil(async () => {
      const text = await scrape();
      return text.includes(`gantry_deployment_targets{deployment="${created.id}",status="converged"} 4`) && text;
    }, { what: 'the converged gauge at 4' });
    expect(metrics).toContain(`gantry_deployment_targets{deployment="${created.id}",status="pending"} 0`);
    noGatewayFailed();
  });

  it('halts when a wave fails beyond its threshold, and starts no further wave', async () => {
    const radar = await release('radar', 'registry.local/radar:1.0.0');
    const failing = await Promise.all(['gw-halt-1', 'gw-halt-2'].map((id) => play(id, { site: 'halt' }, 'fail')));
    const healthy = await Promise.all(['gw-halt-3', 'gw-halt-4'].map((id) => play(id, { site: 'halt' })));
    const created = await deploy({ appId: 'radar', releaseId: radar, selector: 'site=halt', strategy: { type: 'waves', waveSize: { percent: 50 }, pauseMs: 0, failureThresholdPercent: 50 } });
    for (const gateway of failing) await gateway.waitFor(runs('radar', radar), 'radar in wave 1');

    const halted = await pollUntil(async () => {
      const current = await deployment(created.id);
      return current.phase === 'halted' ? current : undefined;
    }, { what: 'the rollout to halt' });
    expect(halted.phaseReason).toContain('2 of 2 gateways failed');
    expect(halted.phaseReason).toContain('50% threshold');
    expect(halted).toMatchObject({ currentWave: 1, totals: { failed: 2, pending: 2 } });
    expect(await targets(created.id, '&status=failed')).toEqual({ 'gw-halt-1': 'failed', 'gw-halt-2': 'failed' });
    const failedRow = ((await controller.api(`/deployments/${created.id}/targets?status=failed`)).body as { items: { reason: string }[] }).items[0];
    expect(failedRow?.reason).toBe('pull failed: registry unreachable');

    // Further ticks leave the halted rollout where it is.
    await controller.app.get(RolloutEngine).tick();
    await controller.app.get(RolloutEngine).tick();
    for (const gateway of healthy) {
      expect(gateway.latest()?.apps['radar']).toBeUndefined();
      expect((await stored(gateway.id)).desired?.apps['radar']).toBeUndefined();
    }
    expect(await deployment(created.id)).toMatchObject({ phase: 'halted', currentWave: 1 });

    // A person overrides the gate: the next wave starts at once.
    const resumed = await controller.api(`/deployments/${created.id}/resume`, { method: 'POST' });
    expect(resumed).toMatchObject({ status: 200, body: { phase: 'rolling', currentWave: 2, phaseReason: null } });
    for (const gateway of healthy) await gateway.waitFor(runs('radar', radar), 'radar in wave 2');

    const rolledBack = await controller.api(`/deployments/${created.id}/rollback`, { method: 'POST' });
    expect(rolledBack.status).toBe(200);
    for (const gateway of [...failing, ...healthy]) await gateway.waitFor((desired) => desired.apps['radar'] === undefined && desired.version > 2, 'radar removed');
  });

  it('pauses and resumes a rollout by request', async () => {
    const relay = await release('relay', 'registry.local/relay:1.0.0');
    await Promise.all(['gw-pause-1', 'gw-pause-2'].map((id) => play(id, { site: 'pause' })));
    const created = await deploy({ appId: 'relay', releaseId: relay, selector: 'site=pause', strategy: { type: 'waves', waveSize: { count: 1 }, pauseMs: 60_000, failureThresholdPercent: 0 } });
    const paused = await controller.api(`/deployments/${created.id}/pause`, { method: 'POST' });
    expect(paused).toMatchObject({ status: 200, body: { phase: 'paused' } });
    expect((await controller.api(`/deployments/${created.id}/pause`, { method: 'POST' })).status).toBe(409);
    const resumed = await controller.api(`/deployments/${created.id}/resume`, { method: 'POST' });
    expect(resumed).toMatchObject({ status: 200, body: { phase: 'rolling' } });
  });
});

describe('republishing', () => {
  it('publishes the desired state again to an online gateway that does not acknowledge it', async () => {
    const beacon = await release('beacon', 'registry.local/beacon:1.0.0');
    const silent = await play('gw-silent-1', { site: 'silent' }, 'silent');
    await deploy({ appId: 'beacon', releaseId: beacon, selector: 'site=silent' });
    const version = (await silent.waitFor(runs('beacon', beacon), 'beacon')).version;
    await pollUntil(() => silent.versions().filter((received) => received === version).length >= 3, { what: 'the unacknowledged version to be republished' });
    expect((await stored('gw-silent-1')).ackedVersion).toBe(0);
  });
});

describe('the deployments API', () => {
  it('answers 400 at selector with the parser message', async () => {
    const response = await controller.api('/deployments', { method: 'POST', body: { appId: 'thermo', releaseId: 'thermo@1', selector: 'site==berlin' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid-request', issues: [{ path: 'selector', message: expect.stringContaining('position') }] });
  });

  it.each([
    [{ appId: 'thermo', releaseId: 'thermo@1', selector: 'site=x', strategy: { type: 'waves', waveSize: { count: 0 }, pauseMs: 0, failureThresholdPercent: 5 } }, 'strategy.waveSize.count'],
    [{ appId: 'thermo', releaseId: 'thermo@1', selector: 'site=x', priority: 1.5 }, 'priority'],
    [{ appId: 'thermo', selector: 'site=x' }, 'releaseId'],
    [{ appId: 'thermo', releaseId: 'thermo@1', selector: 'site=x', colour: 'red' }, ''],
  ])('answers 400 for %j naming %s', async (body, path) => {
    const response = await controller.api('/deployments', { method: 'POST', body });
    expect(response.status).toBe(400);
    expect((response.body as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toContain(path);
  });

  it('refuses an unknown release (404) and a release of another app (400), creating nothing', async () => {
    const before = ((await controller.api('/deployments?limit=500')).body as { items: unknown[] }).items.length;
    const unknown = await controller.api('/deployments', { method: 'POST', body: { appId: 'thermo', releaseId: 'thermo@99', selector: 'site=berlin' } });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'release-not-found' } });
    await release('other', 'registry.local/other:1.0.0');
    const foreign = await controller.api('/deployments', { method: 'POST', body: { appId: 'other', releaseId: 'thermo@1', selector: 'site=berlin' } });
    expect(foreign).toMatchObject({ status: 400, body: { error: 'release-of-another-app', message: expect.stringContaining('thermo@1') } });
    expect(((await controller.api('/deployments?limit=500')).body as { items: unknown[] }).items).toHaveLength(before);
  });

  it('previews how many gateways a selector matches', async () => {
    const preview = await controller.api(`/deployments/preview?selector=${encodeURIComponent('site in (waves,halt),site!=halt')}&limit=2`);
    expect(preview).toMatchObject({ status: 200, body: { count: 4, deviceIds: ['gw-wave-1', 'gw-wave-2'] } });
    const bad = await controller.api(`/deployments/preview?selector=${encodeURIComponent('site in (a')}`);
    expect(bad).toMatchObject({ status: 400, body: { issues: [{ path: 'selector' }] } });
  });

  it('lists deployments newest first, by app, a page at a time', async () => {
    const all = (await controller.api('/deployments?appId=thermo')).body as { items: { id: string; appId: string }[] };
    expect(all.items.length).toBe(4);
    expect(all.items.every((item) => item.appId === 'thermo')).toBe(true);
    const page1 = (await controller.api('/deployments?appId=thermo&limit=3')).body as { items: { id: string }[]; nextCursor: string };
    const page2 = (await controller.api(`/deployments?appId=thermo&limit=3&cursor=${encodeURIComponent(page1.nextCursor)}`)).body as { items: { id: string }[]; nextCursor: string | null };
    expect([...page1.items, ...page2.items].map((item) => item.id)).toEqual(all.items.map((item) => item.id));
    expect(page2.nextCursor).toBeNull();
  });

  it('answers 404 for an unknown deployment and 400 for a malformed id', async () => {
    expect((await controller.api('/deployments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await controller.api('/deployments/not-an-id')).status).toBe(400);
  });

  it('deletes a deployment, and its gateways drop the app', async () => {
    const beaconDeployment = ((await controller.api('/deployments?appId=beacon')).body as { items: { id: string }[] }).items[0];
    const deleted = await controller.api(`/deployments/${beaconDeployment?.id ?? ''}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    await pollUntil(async () => (await stored('gw-silent-1')).desired?.apps['beacon'] === undefined, { what: 'beacon to be withdrawn' });
    expect((await controller.api(`/deployments/${beaconDeployment?.id ?? ''}`)).status).toBe(404);
  });
});

/** Opens a fresh session as the gateway and takes the desired message the broker kept for it. */
async function retainedDesired(gateway: PlayedGateway): Promise<{ client: MqttClient; packet: IPublishPacket }> {
  const client = await connectAsync(brokerUrl(controller), { clientId: gateway.id, username: gateway.id, password: gateway.password, clean: true, reconnectPeriod: 0 });
  const received = new Promise<IPublishPacket>((resolve) => client.once('message', (_topic, _payload, packet) => resolve(packet)));
  await client.subscribeAsync(buildTopic({ kind: 'desired', deviceId: gateway.id }), { qos: 1 });
  return { client, packet: await received };
}
