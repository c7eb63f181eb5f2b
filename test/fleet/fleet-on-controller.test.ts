import { crashLoopProfile, Fleet, pickIndices } from '@gantry/firmware-sim';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startControllerProcess, type ControllerProcess } from '../support/controller-process.js';
import { FLEET_SIZE, scaledMs } from './fleet-size.js';

// A simulated fleet of 1,000 gateways against a real controller (its own process, SQLite,
// embedded broker): every gateway enrolls with its own token and runs the agent core over
// its own mqtt.js connection. GANTRY_FLEET_SIZE runs a smaller fleet for a quick look.
const COUNT = FLEET_SIZE;
const CRASH_SHARE = 0.3;
const PARTITION_SHARE = 0.2;
// How long each gateway gives a release to become healthy before it rolls back. A healthy
// release needs ~3 s of simulated time, but 1,000 gateways share one event loop with the test
// on a loaded 2-core machine: at 20 s, a run with the load average at 15 saw 341 healthy
// gateways roll back besides the 300 crash-looping ones. Crash loops are judged by their
// restart count, not this deadline, so a generous one costs the scenarios nothing.
const HEALTHY_WITHIN_MS = scaledMs(30_000, 90);

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
  sidecar:
    image: registry.local/${app}/sidecar:1
    restart:
      policy: always
    resources:
      memoryBytes: 16Mi
      nanoCpus: "0.05"
`;

interface DeploymentBody {
  id: string;
  phase: string;
  total: number;
  totals: Record<string, number>;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let controller: ControllerProcess;
let fleet: Fleet | undefined;
const app = uniqueName('fleet');
const site = uniqueName('site');
let releases: [string, string, string];
let crashing: Set<string>;

async function cutRelease(tag: string): Promise<string> {
  const cut = await controller.api(`/apps/${app}/releases`, { method: 'POST', body: { manifest: manifest(app, tag), format: 'gantry' } });
  expect(cut.status, JSON.stringify(cut.body)).toBe(201);
  return (cut.body as { id: string }).id;
}

async function deploy(releaseId: string): Promise<string> {
  const created = await controller.api('/deployments', { method: 'POST', body: { appId: app, releaseId, selector: `site=${site}`, healthyWithinMs: HEALTHY_WITHIN_MS } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return (created.body as DeploymentBody).id;
}

/** Every item of a paginated listing (`path` has a query string already), page by page. */
async function listAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await controller.api(`${path}&limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const body = page.body as Page<T>;
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor !== null);
  return items;
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
      { timeoutMs, intervalMs: 500, what: `deployment ${deploymentId}` },
    );
  } catch (error) {
    throw new Error(`${String(error)}; last totals ${JSON.stringify(last?.totals)}; ${await diagnostics(deploymentId)}`, { cause: error });
  }
}

/** What the fleet and the controller say, for a failure message; never throws (the controller may be gone). */
async function diagnostics(deploymentId: string): Promise<string> {
  const safely = async (what: string, read: () => Promise<unknown>): Promise<string> =>
    `${what}: ${await read().then(
      (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
      (error: unknown) => `(unreadable: ${String(error)})`,
    )}`;
  const sample = fleet?.gateways[0]?.deviceId ?? '';
  const parts = [
    `fleet ${JSON.stringify(fleet?.summary())}`,
    await safely('first targets', async () => (await controller.api(`/deployments/${deploymentId}/targets?limit=3`)).body),
    await safely(`${sample} as the controller sees it`, async () => (await controller.api(`/devices/${sample}`)).body),
    await safely('metrics', async () => (await fetch(`${controller.url}/metrics`).then((r) => r.text())).split('\n').filter((l) => l.startsWith('gantry_mqtt')).join(' | ')),
    `controller output: ${controller.output().slice(-3000)}`,
  ];
  return parts.join('; ');
}

async function targetsWithStatus(deploymentId: string, status: string): Promise<string[]> {
  const items = await listAll<{ deviceId: string }>(`/deployments/${deploymentId}/targets?status=${status}`);
  return items.map((item) => item.deviceId).sort();
}

async function deviceStatuses(): Promise<Map<string, string>> {
  const devices = await listAll<{ id: string; status: string }>(`/devices?label=${encodeURIComponent(`site=${site}`)}`);
  return new Map(devices.map((device) => [device.id, device.status]));
}

/** Polls the fleet's own summary (cheap, in process) until `isDone`; fails with the last one. */
async function waitForFleet(what: string, isDone: (summary: ReturnType<Fleet['summary']>) => boolean, timeoutMs: number): Promise<void> {
  const sim = fleet;
  if (!sim) throw new Error('the fleet did not start');
  try {
    await pollUntil(() => isDone(sim.summary()), { timeoutMs, intervalMs: 500, what });
  } catch (error) {
    throw new Error(`${String(error)}; fleet ${JSON.stringify(sim.summary())}`, { cause: error });
  }
}

beforeAll(async () => {
  controller = await startControllerProcess({ ROLLOUT_TICK_MS: '200', REPUBLISH_INTERVAL_MS: '1000' });
  const created = await controller.api('/apps', { method: 'POST', body: { id: app } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  releases = [await cutRelease('1'), await cutRelease('2'), await cutRelease('3')];
  const crashingIndices = pickIndices(1, COUNT, CRASH_SHARE, `${site}:crash-loop`);
  fleet = await Fleet.connect({
    controllerUrl: controller.url,
    adminPassword: ADMIN_PASSWORD,
    seed: site,
    // Small images: a pull takes a fraction of a second.
    registry: { imageBytes: { kind: 'uniform', min: 500_000, max: 2_000_000 } },
    // One sample per gateway every 20 ms × fleet size (20 s at 1,000): 50 messages a second in all.
    telemetryIntervalMs: Math.max(2_000, COUNT * 20),
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
}, scaledMs(60_000, 120));

afterAll(async () => {
  await fleet?.stop();
  await controller?.stop();
}, scaledMs(30_000, 30));

describe(`a simulated fleet of ${COUNT} gateways on a real controller`, () => {
  it('enrolls every gateway with its labels and connects them all', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    expect(crashing.size).toBe(Math.round(COUNT * CRASH_SHARE));
    const sim = fleet;
    await waitForFleet(`${COUNT} connected gateways`, (summary) => summary.connected === COUNT, scaledMs(30_000, 60));
    const devices = await listAll<{ id: string; labels: Record<string, string> }>(`/devices?label=${encodeURIComponent(`site=${site}`)}`);
    expect(devices.map((device) => device.id).sort()).toEqual(sim.gateways.map((gateway) => gateway.deviceId).sort());
    const second = sim.gateways[1]?.deviceId;
    expect(devices.find((device) => device.id === second)?.labels).toMatchObject({ site, half: 'even' });
    await pollUntil(async () => [...(await deviceStatuses()).values()].every((status) => status === 'online'), {
      timeoutMs: scaledMs(15_000, 30),
      intervalMs: 1_000,
      what: `the controller to show all ${COUNT} gateways online`,
    });
  }, scaledMs(60_000, 120));

  it('converges a release deployed to their label on every gateway', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    const deploymentId = await deploy(releases[0]);
    const done = await waitForTotals(deploymentId, (totals) => totals['converged'] === COUNT, scaledMs(45_000, 120));
    expect(done.total).toBe(COUNT);
    expect(fleet.summary()).toMatchObject({ converged: COUNT, failing: 0, releases: { [releases[0]]: COUNT } });
    // Telemetry from the simulated engines reaches the controller.
    const sampled = fleet.gateways[0]?.deviceId ?? '';
    await pollUntil(
      async () => {
        const samples = await controller.api(`/devices/${sampled}/telemetry?limit=5`);
        return samples.status === 200 && (samples.body as { items: unknown[] }).items.length > 0;
      },
      { timeoutMs: scaledMs(15_000, 40), intervalMs: 500, what: `telemetry of ${sampled}` },
    );
  }, scaledMs(90_000, 200));

  it('reports a release that crash-loops on 30% of the gateways as rolled back on exactly those', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    // The release changes only the api: a gateway keeps its sidecar container and runs it under the new release.
    const steady = fleet.gateways.find((gateway) => !crashing.has(gateway.deviceId));
    if (steady === undefined) throw new Error('every gateway crash-loops');
    const sidecarOf = async () => (await fleet?.gateway(steady.deviceId).runtime.readCurrent())?.containers.find((c) => c.service === 'sidecar');
    const sidecar = await sidecarOf();
    const deploymentId = await deploy(releases[1]);
    const failedHere = crashing.size;
    await waitForTotals(deploymentId, (totals) => totals['converged'] === COUNT - failedHere && totals['rolled-back'] === failedHere, scaledMs(45_000, 120));
    expect(await targetsWithStatus(deploymentId, 'rolled-back')).toEqual([...crashing].sort());
    expect(await targetsWithStatus(deploymentId, 'failed')).toEqual([]);
    const converged = await targetsWithStatus(deploymentId, 'converged');
    expect(converged).toHaveLength(COUNT - failedHere);
    expect(converged.filter((id) => crashing.has(id))).toEqual([]);
    expect(fleet.summary()).toMatchObject({ failing: failedHere, converged: COUNT - failedHere, releases: { [releases[0]]: failedHere, [releases[1]]: COUNT - failedHere } });
    expect(await sidecarOf()).toMatchObject({ id: sidecar?.id, state: 'running' });
    expect(fleet.gateway(steady.deviceId).report()?.apps[app]?.services['sidecar']).toMatchObject({ containerId: sidecar?.id, releaseId: releases[1] });
  }, scaledMs(90_000, 200));

  it('rolls out to a fleet with 20% cut off: the rest converge, the cut-off ones catch up with their queued events once healed', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    const sim = fleet;
    const cut = sim.partition({ share: PARTITION_SHARE });
    expect(cut).toHaveLength(Math.round(COUNT * PARTITION_SHARE));
    const isCut = new Set(cut);
    // The broker publishes each one's Will: the controller sees exactly those offline.
    await pollUntil(
      async () => {
        const statuses = await deviceStatuses();
        return [...statuses].every(([id, status]) => status === (isCut.has(id) ? 'offline' : 'online'));
      },
      { timeoutMs: scaledMs(15_000, 15), intervalMs: 1_000, what: 'exactly the cut-off gateways shown offline' },
    );
    // Something happens on one while it is cut off: a service stopped by hand (new events).
    const [first] = cut;
    if (first === undefined) throw new Error('no gateway was cut off');
    const gateway = sim.gateway(first);
    const before = ((await controller.api(`/devices/${first}/events?limit=500`)).body as { items: unknown[] }).items.length;
    const container = (await gateway.runtime.readCurrent()).containers.find((c) => c.state === 'running');
    if (!container) throw new Error(`${first} runs no container`);
    await gateway.runtime.stop(container.id, 1_000);
    await pollUntil(() => gateway.outbox.size > 0, { timeoutMs: 15_000, what: `events queued on ${first}` });
    expect(gateway.isConnected).toBe(false);
    const queued = gateway.outbox.size;

    // A rollout during the partition: the reachable gateways converge, the cut-off ones
    // cannot even hear of it.
    const deploymentId = await deploy(releases[2]);
    await waitForTotals(deploymentId, (totals) => totals['converged'] === COUNT - cut.length, scaledMs(45_000, 120));
    const waiting = await listAll<{ deviceId: string; status: string }>(`/deployments/${deploymentId}/targets?status=targeted`);
    expect(waiting.map((target) => target.deviceId).sort()).toEqual([...cut].sort());
    expect(cut.every((id) => sim.gateway(id).report()?.apps[app]?.releaseId !== releases[2])).toBe(true);

    sim.heal(cut);
    await waitForFleet('the cut-off gateways back online', () => cut.every((id) => sim.gateway(id).isConnected), scaledMs(30_000, 30));
    await waitForTotals(deploymentId, (totals) => totals['converged'] === COUNT, scaledMs(45_000, 120));
    expect(await targetsWithStatus(deploymentId, 'converged')).toEqual(sim.gateways.map((g) => g.deviceId).sort());
    expect(sim.summary()).toMatchObject({ converged: COUNT, failing: 0, connected: COUNT, releases: { [releases[2]]: COUNT } });
    await pollUntil(() => gateway.outbox.size === 0, { timeoutMs: 15_000, what: `${first}'s outbox drained` });
    await pollUntil(
      async () => ((await controller.api(`/devices/${first}/events?limit=500`)).body as { items: unknown[] }).items.length >= before + queued,
      { timeoutMs: 15_000, intervalMs: 250, what: `the controller to store ${first}'s queued events` },
    );
    expect([...(await deviceStatuses()).values()].every((status) => status === 'online')).toBe(true);
  }, scaledMs(120_000, 400));

  it('survives agent restarts, malformed messages and skewed clocks without losing convergence', async () => {
    if (!fleet) throw new Error('the fleet did not start');
    const sim = fleet;
    const restarted = await sim.restart({ share: 0.1 });
    const garbled = await sim.sendMalformed({ share: 0.1 }, 'not-json');
    const wrongSchema = await sim.sendMalformed({ share: 0.1 }, 'wrong-schema');
    sim.skewClocks({ share: 0.1 }, 90_000);
    sim.slowLinks({ share: 0.1 }, 200);
    expect(restarted).toHaveLength(Math.round(COUNT * 0.1));
    expect(garbled.length + wrongSchema.length).toBeGreaterThan(0);
    await waitForFleet('the fleet settled again', (summary) => summary.connected === COUNT && summary.converged === COUNT, scaledMs(30_000, 60));
    for (const id of restarted) expect(sim.gateway(id).bootCount).toBe(2);
    // The controller dropped the broken messages and counted each one.
    const metrics = await fetch(`${controller.url}/metrics`).then((response) => response.text());
    const dropped = [...metrics.matchAll(/^gantry_mqtt_invalid_payloads_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(dropped).toBeGreaterThanOrEqual(garbled.length + wrongSchema.length);
  }, scaledMs(60_000, 120));
});
