import { readFile, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControllerProcess, type ControllerProcess } from '../support/controller-process.js';
import { createGatewayAgent } from './agent-process.js';
import { createEdgeStack, isContiguous, type EdgeStack } from './edge-stack.js';

// Cloud ↔ edge with every part real: a built controller (its own process, SQLite, embedded
// broker), a `gantry-agent` daemon process enrolled through its CLI, the Docker engine and
// a local registry. The cloud deploys, updates and removes an app; the gateway's containers
// follow, under the caps the release asks for.

const MiB = 1024 * 1024;

/** A telemetry sample as `GET /devices/:id/telemetry` lists it (the parts these tests read). */
interface SampleBody {
  ts: string;
  gateway?: { memoryTotalBytes: number; pids: number };
  services: { app: string; service: string; cpuNanoCpus: number; memoryBytes: number; pids: number; memoryLimitBytes: number | null }[];
}

let controller: ControllerProcess;
let stack: EdgeStack;
let token: string;
let identityBefore: string;
const deployments: string[] = [];

// The agent daemon inherits this environment: a sample a second instead of a minute.
const telemetryIntervalBefore = process.env['GANTRY_TELEMETRY_INTERVAL'];

beforeAll(async () => {
  process.env['GANTRY_TELEMETRY_INTERVAL'] = '1s';
  controller = await startControllerProcess({ REPUBLISH_INTERVAL_MS: '1000', ROLLOUT_TICK_MS: '200' });
  stack = await createEdgeStack(controller);
  token = await stack.createToken();
}, 90_000);

afterAll(async () => {
  await stack?.dispose();
  await controller?.stop();
  if (telemetryIntervalBefore === undefined) delete process.env['GANTRY_TELEMETRY_INTERVAL'];
  else process.env['GANTRY_TELEMETRY_INTERVAL'] = telemetryIntervalBefore;
}, 60_000);

describe('cloud ↔ edge with a real controller, agent, Docker and registry', () => {
  it('enrolls the gateway with a one-time token through `gantry-agent enroll`', async () => {
    const { agent, deviceId, site } = stack;

    const result = await agent.cli(['enroll', '--controller', controller.url, '--token', token, '--device-id', deviceId, '--name', 'Meter hall', '--label', 'zone=north', '--json']);

    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({ deviceId, name: 'Meter hall', labels: { site, zone: 'north' }, controllerUrl: controller.url, identityPath: join(agent.dataDir, 'identity.json') });
    expect(result.stdout).not.toContain('password');
    const path = join(agent.dataDir, 'identity.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    identityBefore = await readFile(path, 'utf8');
    expect(JSON.parse(identityBefore)).toMatchObject({ deviceId, mqtt: { username: deviceId } });
    // The gateway told the controller what it can allocate and what it runs on.
    expect(await stack.device()).toMatchObject({ id: deviceId, labels: { site, zone: 'north' }, agentVersion: expect.any(String), platform: { os: 'linux', cgroupVersion: expect.any(Number) } });
  }, 60_000);

  it('refuses to enroll twice: an enrolled gateway exits 73, a spent token 67, and nothing changes', async () => {
    const again = await stack.agent.cli(['enroll', '--controller', controller.url, '--token', token]);
    expect(again.code).toBe(73);
    expect(again.stderr).toContain(`already enrolled as ${stack.deviceId}`);

    const other = await createGatewayAgent();
    try {
      const spent = await other.cli(['enroll', '--controller', controller.url, '--token', token, '--device-id', uniqueName('gw')]);
      expect(spent.code, spent.stderr).toBe(67);
      expect(spent.stderr).toMatch(/refused the enrollment token: .*used/);
      await expect(stat(join(other.dataDir, 'identity.json'))).rejects.toThrow(/ENOENT/);
    } finally {
      await other.dispose();
    }
    expect(await readFile(join(stack.agent.dataDir, 'identity.json'), 'utf8')).toBe(identityBefore);
  }, 60_000);

  it('connects the enrolled daemon: the controller sees it online and `status` shows the cloud', async () => {
    await stack.agent.start();
    await stack.waitFor('the gateway online', async () => (await stack.device()).status === 'online');
    await stack.waitFor('`status` to show the cloud connected', async () => {
      const status = await stack.agent.cli(['status', '--json']);
      if (status.code !== 0) return undefined;
      const cloud = (JSON.parse(status.stdout) as { cloud: { connection: string; lastSyncAt: string | null } | null }).cloud;
      return cloud?.connection === 'connected' && cloud.lastSyncAt !== null;
    });
    const text = await stack.agent.cli(['status']);
    expect(text.stdout).toMatch(new RegExp(`cloud\\s+connected .*: ${controller.url} as ${stack.deviceId} \\(Meter hall\\) via mqtt://`));
  }, 60_000);

  it('runs a release deployed to the label the token gave, under the caps it asks for', async () => {
    const image = await stack.publishImage('1');
    const releaseId = await stack.cutRelease(image, 'one');
    const deploymentId = await stack.deploy(releaseId);
    deployments.push(deploymentId);

    await stack.waitConverged(deploymentId);

    const [container, ...others] = await stack.containers();
    expect(others).toEqual([]);
    expect(container?.State.Status).toBe('running');
    expect(container?.Config.Image).toBe(image);
    expect(container?.Config.Labels).toMatchObject({ 'io.gantry.app': stack.app, 'io.gantry.service': 'meter', 'io.gantry.release': releaseId });
    expect(container?.Config.Env).toContain('MODE=one');
    expect(container?.HostConfig).toMatchObject({ Memory: 48 * MiB, NanoCpus: 250_000_000, PidsLimit: 64 });
    // The agent read the caps back from the cgroup files and told the cloud.
    await stack.waitFor('caps verified in the report', async () => (await stack.device()).reported?.apps[stack.app]?.services['meter']?.caps?.verification === 'verified');
  }, 90_000);

  it('sends the telemetry of the gateway and of the running service, which the controller serves', async () => {
    const samples = await stack.waitFor('telemetry of the meter service', async () => {
      const response = await controller.api(`/devices/${stack.deviceId}/telemetry?limit=20`);
      const items = response.status === 200 ? (response.body as { items: SampleBody[] }).items : [];
      return items.some((sample) => sample.services.some((usage) => usage.app === stack.app)) && items;
    });

    const usage = samples.flatMap((sample) => sample.services).find((service) => service.app === stack.app);
    // The release caps memory at 48 MiB; the service is docker-init and a sleep.
    expect(usage).toMatchObject({ service: 'meter', memoryLimitBytes: 48 * MiB, pids: 2 });
    expect(usage?.memoryBytes).toBeGreaterThan(0);
    expect(usage?.memoryBytes).toBeLessThan(48 * MiB);
    expect(samples.at(-1)?.gateway).toMatchObject({ memoryTotalBytes: totalmem() });
  }, 60_000);

  it('follows a new release: the container is replaced with the new image and environment', async () => {
    const image = await stack.publishImage('2');
    const releaseId = await stack.cutRelease(image, 'two');
    const deploymentId = await stack.deploy(releaseId);
    deployments.push(deploymentId);

    await stack.waitConverged(deploymentId);

    await stack.waitFor('only the new release running', async () => {
      const now = await stack.containers();
      return now.length === 1 && now[0]?.State.Status === 'running' && now[0].Config.Image === image;
    });
    const [container] = await stack.containers();
    expect(container?.Config.Labels['io.gantry.release']).toBe(releaseId);
    expect(container?.Config.Env).toContain('MODE=two');
    expect(container?.HostConfig).toMatchObject({ Memory: 48 * MiB, NanoCpus: 250_000_000, PidsLimit: 64 });
  }, 90_000);

  it('removes the app from the gateway when its deployments are deleted', async () => {
    for (const id of deployments) {
      const deleted = await controller.api(`/deployments/${id}`, { method: 'DELETE' });
      expect([200, 204], JSON.stringify(deleted.body)).toContain(deleted.status);
    }

    await stack.waitFor('the containers gone', async () => (await stack.containers()).length === 0);
    await stack.waitFor('the report without the app', async () => {
      const seen = await stack.device();
      return seen.reported !== null && !(stack.app in seen.reported.apps);
    });
  }, 90_000);

  it('delivers every event without a gap, and says offline on a clean shutdown', async () => {
    await stack.waitFor('events stored', async () => (await stack.events()).length > 0);

    expect(await stack.agent.stop('SIGTERM')).toBe(0);

    await stack.waitFor('the gateway offline', async () => (await stack.device()).status === 'offline', 15_000);
    expect(stack.agent.log()).not.toMatch(/cannot say goodbye/);
    expect(isContiguous(await stack.events())).toBe(true);
  }, 60_000);
});
