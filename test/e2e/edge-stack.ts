import { buildBusyboxImage, connectDocker, followProgress, pollUntil, removeImage, startRegistry, uniqueName, type LocalRegistry } from '@gantry/test-kit';
import type Docker from 'dockerode';
import { expect } from 'vitest';
import type { ControllerProcess } from '../support/controller-process.js';
import { createGatewayAgent, type GatewayAgent } from './agent-process.js';

/** A deployment as the controller shows it. */
export interface DeploymentBody {
  id: string;
  phase: string;
  totals: Record<string, number>;
}

/** A gateway as the controller shows it (the parts these tests read). */
export interface DeviceBody {
  id: string;
  status: string;
  labels: Record<string, string>;
  reported: {
    ackedVersion: number;
    apps: Record<string, { releaseId: string | null; services: Record<string, { restartCount: number; caps: { verification: string } | null }> }>;
  } | null;
}

/** One event as `GET /devices/:id/events` lists it; `gap` rows mark sequence numbers that never arrived. */
export interface EventRow {
  seq: number;
  type: string;
}

/**
 * One gateway under a controller: a registry to publish images to, an agent (not yet
 * enrolled or running), one app with a unique name, the label the gateway's token gives,
 * and the API calls the scenarios make.
 */
export interface EdgeStack {
  docker: Docker;
  agent: GatewayAgent;
  app: string;
  site: string;
  deviceId: string;
  /** Builds a tiny image, pushes it to the registry and removes the local copies: the agent must pull it. */
  publishImage(tag: string): Promise<string>;
  /** A one-time token for the gateway's site label. */
  createToken(): Promise<string>;
  /** Runs `gantry-agent enroll` with a new token; resolves with the token used. */
  enroll(): Promise<string>;
  cutRelease(image: string, mode: string): Promise<string>;
  deploy(releaseId: string): Promise<string>;
  device(): Promise<DeviceBody>;
  events(): Promise<EventRow[]>;
  /** Polls until `probe` gives a value; on a timeout, fails with what the controller and the agent said. */
  waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  waitConverged(deploymentId: string): Promise<void>;
  /** The agent's containers, inspected. */
  containers(): Promise<Docker.ContainerInspectInfo[]>;
  dispose(): Promise<void>;
}

/** The app manifest these tests release: one capped service whose image and `MODE` change between releases. */
export function meterManifest(app: string, image: string, mode: string): string {
  return `name: ${app}
services:
  meter:
    image: ${image}
    init: true
    stopGracePeriodMs: 1000
    restart: { policy: always }
    env: { MODE: ${mode} }
    resources: { memoryBytes: 48Mi, nanoCpus: 250m, pidsLimit: 64 }
`;
}

/** Starts a registry and prepares an agent for `controller`. */
export async function createEdgeStack(controller: ControllerProcess): Promise<EdgeStack> {
  const docker = await connectDocker();
  const registry: LocalRegistry = await startRegistry();
  const agent = await createGatewayAgent();
  const repo = `gantry-e2e/${uniqueName('meter')}`;
  const pushed: string[] = [];
  const site = uniqueName('site');
  const deviceId = uniqueName('gw');
  const app = uniqueName('meters');
  let hasApp = false;

  const device = async (): Promise<DeviceBody> => {
    const response = await controller.api(`/devices/${deviceId}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as DeviceBody;
  };

  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> => {
    try {
      return await pollUntil(probe, { timeoutMs, intervalMs: 250, what });
    } catch (error) {
      const seen = await controller.api(`/devices/${deviceId}`).catch((e: unknown) => ({ body: String(e) }));
      throw new Error(`${String(error)}\ndevice: ${JSON.stringify(seen.body).slice(0, 3000)}\nagent log:\n${agent.log().slice(-3000)}\ncontroller:\n${controller.output().slice(-1500)}`, {
        cause: error,
      });
    }
  };

  const createToken = async (): Promise<string> => {
    const created = await controller.api('/enrollment-tokens', { method: 'POST', body: { labels: { site }, expiresInMinutes: 10, note: 'e2e' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return (created.body as { token: string }).token;
  };

  return {
    docker,
    agent,
    app,
    site,
    deviceId,
    async publishImage(tag) {
      const local = await buildBusyboxImage(docker, { repo, tag, marker: `${repo}:${tag}`, cmd: ['sleep', '3600'] });
      const remote = `${registry.host}/${repo}:${tag}`;
      pushed.push(remote);
      await docker.getImage(local).tag({ repo: `${registry.host}/${repo}`, tag });
      await followProgress(docker, await docker.getImage(remote).push({ authconfig: {} }));
      await removeImage(docker, local);
      await removeImage(docker, remote);
      return remote;
    },
    createToken,
    async enroll() {
      const token = await createToken();
      const result = await agent.cli(['enroll', '--controller', controller.url, '--token', token, '--device-id', deviceId]);
      expect(result.code, result.stderr).toBe(0);
      return token;
    },
    async cutRelease(image, mode) {
      if (!hasApp) {
        const created = await controller.api('/apps', { method: 'POST', body: { id: app } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        hasApp = true;
      }
      const cut = await controller.api(`/apps/${app}/releases`, { method: 'POST', body: { manifest: meterManifest(app, image, mode), format: 'gantry' } });
      expect(cut.status, JSON.stringify(cut.body)).toBe(201);
      return (cut.body as { id: string }).id;
    },
    async deploy(releaseId) {
      const created = await controller.api('/deployments', { method: 'POST', body: { appId: app, releaseId, selector: `site=${site}`, healthyWithinMs: 30_000 } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return (created.body as DeploymentBody).id;
    },
    device,
    async events() {
      const response = await controller.api(`/devices/${deviceId}/events?limit=500`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return (response.body as { items: EventRow[] }).items;
    },
    waitFor,
    async waitConverged(deploymentId) {
      await waitFor(`deployment ${deploymentId} converged on ${deviceId}`, async () => {
        const response = await controller.api(`/deployments/${deploymentId}`);
        return response.status === 200 && (response.body as DeploymentBody).totals['converged'] === 1;
      });
    },
    async containers() {
      const list = await docker.listContainers({ all: true, filters: { label: [`io.gantry.managed=${agent.instance}`] } });
      return Promise.all(list.map((c) => docker.getContainer(c.Id).inspect()));
    },
    async dispose() {
      await agent.dispose();
      for (const reference of pushed) await removeImage(docker, reference);
      await registry.stop();
    },
  };
}

/** Whether event sequence numbers run 1, 2, 3, … without a hole, and no gap row was recorded. */
export function isContiguous(events: readonly EventRow[]): boolean {
  if (events.some((event) => event.type === 'gap')) return false;
  const seqs = events.map((event) => event.seq).sort((a, b) => a - b);
  return seqs.every((seq, index) => seq === index + 1);
}
