import { crashLoopProfile, Fleet, pickIndices } from '@gantry/firmware-sim';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startControllerProcess, type ControllerProcess } from '../support/controller-process.js';

// A simulated fleet against a real controller (its own process, SQLite, embedded broker):
// every gateway enrolls with its own token and runs the agent core over its own mqtt.js
// connection. Small on purpose; the 1,000-gateway run is a CLI scenario.
const COUNT = 50;
const CRASH_SHARE = 0.3;

const manifest = (app: string, tag: string): string => `name: ${app}
services:
  api:
    image: registry.local/${app}/api:${tag}
    restart:
      policy: always
    healthcheck:
      test: [CMD, /bin/healthy]
      intervalMs: 1000
      retries: 3
    resources:
      memoryBytes: 64Mi
      nanoCpus: "0.25"
`;

interface DeploymentBody {
  id: string;
  phase: string;
  total: number;
  totals: Record<string, number>;
}

let controller: ControllerProcess;
let fleet: Fleet | undefined;
const app = uniqueName('fleet');
const site = uniqueName('site');
let releases: [string, string];
let crashing: Set<string>;

async function cutRelease(tag: string): Promise<string> {
  const cut = await controller.api(`/apps/${app}/releases`, { method: 'POST', body: { manifest: manifest(app, tag), format: 'gantry' } });
  expect(cut.status, JSON.stringify(cut.body)).toBe(201);
  return (cut.body as { id: string }).id;
}

async function deploy(releaseId: string, healthyWithinMs: number): Promise<string> {
  const created = await controller.api('/deployments', { method: 'POST', body: { appId: app, releaseId, selector: `site=${site}`, healthyWithinMs } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return (created.body as DeploymentBody).id;
}

/** Waits until the controller's totals for a deployment satisfy `isDone`; fails with the last totals. */
async function waitForTotals(deploymentId: string, isDone: (totals: Record<string, number>) => boolean, timeoutMs: number): Promise<DeploymentBody> {
  let last: DeploymentBody | undefined;
  try {
    return await pollUntil(
      async () => {
        const response = await controller.api(`/deployments/${deploymentId}`);
        last = response.body as DeploymentBody;
        return response.status === 200 && isDone(last.totals) ? last : undefined;
      },
      { timeoutMs, intervalMs: 250, what: `deployment ${deploymentId}` },
    );
  } catch (error) {
    const sample = fleet?.gateways[0]?.deviceId;
    const device = sample === undefined ? undefined : (await controller.api(`/devices/${sample}`)).body;
    const targets = (await controller.api(`/deployments/${deploymentId}/targets?limit=3`)).body;
    throw new Error(
      `${String(error)}; last totals ${JSON.stringify(last?.totals)}; fleet ${JSON.stringify(fleet?.summary())}; first targets ${JSON.stringify(targets)}; controller output: ${controller.output().slice(-1500)}; metrics ${(await fetch(`${controller.url}/metrics`).then((r) => r.text())).split('\n').filter((l) => l.startsWith('gantry_mqtt')).join(' | ')}; ${sample} as the controller sees it: ${JSON.stringify(device)}`,
      { cause: error },
    );
  }
}

async function targetsWithStatus(deploymentId: string, status: string): Promise<string[]> {
  const page = await controller.api(`/deployments/${deploymentId}/targets?status=${status}&limit=500`);
  expect(page.status).toBe(200);
  return (page.body as { items: { deviceId: string }[] }).items.map((item) => item.deviceId).sort();
}

beforeAll(async () => {
  controller = await startControllerProcess({ ROLLOUT_TICK_MS: '200', REPUBLISH_INTERVAL_MS: '1000' });
  const created = await controller.api('/apps', { method: 'POST', body: { id: app } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  releases = [await cutRelease('1'), await cutRelease('2')];
  const crashingIndices = pickIndices(1, COUNT, CRASH_SHARE, `${site}:crash-loop`);
  fleet = await Fleet.connect({
    controllerUrl: controller.url,
    adminPassword: ADMIN_PASSWORD,
    seed: site,
    // Small images: a pull takes a fraction of a second.
    registry: { imageBytes: { kind: 'uniform', min: 500_000, max: 2_000_000 } },
    telemetryIntervalMs: 2_000,
    checkIntervalMs: 5_000,
    backoff: { initialMs: 200, maxMs: 2_000, factor: 2 },
  });
  const enrolled = await fleet.enroll({
    count: COUNT,
    idPrefix: site,
    labels: (index) => ({ site, half: index % 2 === 0 ? 'even' : 'odd' }),
    profile: (index) => (crashingIndices.has(index) ? crashLoopProfile(releases[1]) : undefined),
  });
  crashing = new Set(enrolled.filter((gateway) => gateway.profileName.startsWith('crash-loop')).map((gateway) => gateway.deviceId));
  await fleet.start();
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
  await controller?.stop();
});

describe('a simulated fleet on a real controller', () => {
  it('enrolls every gateway with its labels and connects them all', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    expect(crashing.size).toBe(Math.round(COUNT * CRASH_SHARE));
    const sim = fleet;
    await pollUntil(() => sim.summary().connected === COUNT, { timeoutMs: 30_000, what: `${COUNT} connected gateways` });
    const listed = await controller.api(`/devices?label=${encodeURIComponent(`site=${site}`)}&limit=500`);
    expect(listed.status).toBe(200);
    const devices = (listed.body as { items: { id: string; labels: Record<string, string> }[] }).items;
    expect(devices.map((device) => device.id).sort()).toEqual(sim.gateways.map((gateway) => gateway.deviceId).sort());
    expect(devices.find((device) => device.id === `${site}-02`)?.labels).toMatchObject({ site, half: 'even' });
  });

  it('converges a release deployed to their label on every gateway', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    const deploymentId = await deploy(releases[0], 30_000);
    const done = await waitForTotals(deploymentId, (totals) => totals['converged'] === COUNT, 45_000);
    expect(done.total).toBe(COUNT);
    expect(fleet.summary()).toMatchObject({ converged: COUNT, failing: 0, releases: { [releases[0]]: COUNT } });
    // Telemetry from the simulated engines reaches the controller.
    const sampled = fleet.gateways[0]?.deviceId ?? '';
    await pollUntil(
      async () => {
        const samples = await controller.api(`/devices/${sampled}/telemetry?limit=5`);
        return samples.status === 200 && (samples.body as { items: unknown[] }).items.length > 0;
      },
      { timeoutMs: 15_000, what: `telemetry of ${sampled}` },
    );
  });

  it('reports a release that crash-loops on 30% of the gateways as rolled back on exactly those', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    const deploymentId = await deploy(releases[1], 20_000);
    const failedHere = crashing.size;
    await waitForTotals(deploymentId, (totals) => totals['converged'] === COUNT - failedHere && totals['rolled-back'] === failedHere, 45_000);
    expect(await targetsWithStatus(deploymentId, 'rolled-back')).toEqual([...crashing].sort());
    const converged = await targetsWithStatus(deploymentId, 'converged');
    expect(converged.filter((id) => crashing.has(id))).toEqual([]);
    expect(fleet.summary()).toMatchObject({ failing: failedHere, converged: COUNT - failedHere, releases: { [releases[0]]: failedHere, [releases[1]]: COUNT - failedHere } });
  });

  it('keeps the events of cut-off gateways in their outbox and delivers them after the partition heals', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    const sim = fleet;
    const cut = sim.partition({ share: 0.2 });
    expect(cut).toHaveLength(COUNT * 0.2);
    // The broker publishes each one's Will: the controller sees them offline.
    await pollUntil(
      async () => {
        const statuses = await Promise.all(cut.map(async (id) => ((await controller.api(`/devices/${id}`)).body as { status: string }).status));
        return statuses.every((status) => status === 'offline');
      },
      { timeoutMs: 15_000, what: 'the cut-off gateways shown offline' },
    );
    // Something happens on them while they are cut off: an agent restart (a new boot,
    // so new events) and a service restarted by hand.
    const [first] = cut;
    if (first === undefined) throw new Error('no gateway was cut off');
    const gateway = sim.gateway(first);
    const before = ((await controller.api(`/devices/${first}/events?limit=200`)).body as { items: { seq: number }[] }).items.length;
    const container = (await gateway.runtime.readCurrent()).containers.find((c) => c.state === 'running');
    if (!container) throw new Error(`${first} runs no container`);
    await gateway.runtime.stop(container.id, 1_000);
    await pollUntil(() => gateway.outbox.size > 0, { timeoutMs: 15_000, what: `events queued on ${first}` });
    expect(gateway.isConnected).toBe(false);
    const queued = gateway.outbox.size;

    sim.heal(cut);
    await pollUntil(() => cut.every((id) => sim.gateway(id).isConnected), { timeoutMs: 30_000, what: 'the cut-off gateways back online' });
    await pollUntil(() => gateway.outbox.size === 0, { timeoutMs: 15_000, what: `${first}'s outbox drained` });
    await pollUntil(
      async () => ((await controller.api(`/devices/${first}/events?limit=200`)).body as { items: unknown[] }).items.length >= before + queued,
      { timeoutMs: 15_000, what: `the controller to store ${first}'s queued events` },
    );
    expect(((await controller.api(`/devices/${first}`)).body as { status: string }).status).toBe('online');
  });

  it('survives agent restarts, malformed messages and skewed clocks without losing convergence', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    const sim = fleet;
    const restarted = await sim.restart({ share: 0.1 });
    const garbled = await sim.sendMalformed({ share: 0.1 }, 'not-json');
    const wrongSchema = await sim.sendMalformed({ share: 0.1 }, 'wrong-schema');
    sim.skewClocks({ share: 0.1 }, 90_000);
    sim.slowLinks({ share: 0.1 }, 200);
    expect(restarted).toHaveLength(5);
    expect(garbled.length + wrongSchema.length).toBeGreaterThan(0);
    await pollUntil(
      () => {
        const summary = sim.summary();
        return summary.connected === COUNT && summary.converged + summary.failing === COUNT && summary.converged === COUNT - crashing.size;
      },
      { timeoutMs: 30_000, what: 'the fleet settled again' },
    );
    for (const id of restarted) expect(sim.gateway(id).bootCount).toBe(2);
    // The controller dropped the broken messages and counted each one.
    const metrics = await fetch(`${controller.url}/metrics`).then((response) => response.text());
    const dropped = [...metrics.matchAll(/^gantry_mqtt_invalid_payloads_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(dropped).toBeGreaterThanOrEqual(garbled.length + wrongSchema.length);
  });
});
