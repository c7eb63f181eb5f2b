// Cloud mode for a benchmark: a built controller on loopback (as the e2e tests start it), a
// gateway enrolled with it, and apps deployed to that gateway through the controller's API.
import { pollUntil, uniqueName } from '@gantry/test-kit';
import type Docker from 'dockerode';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the end-to-end suite's controller launcher, which its package does not export
import { startControllerProcess, type ControllerProcess } from '../../../test/support/controller-process.js';
import type { BeforeStart } from './agent-daemon.js';
import { mustRun } from './command.js';

/** A controller and the label its gateways enroll with. */
export interface CloudSite {
  controller: ControllerProcess;
  /** Runs `gantry-agent enroll` for the daemon about to start (pass to `startDaemon`). */
  enroll: BeforeStart;
  /** Creates the app, cuts a release of `manifest` and deploys it to the site's gateways. */
  deploy(app: string, manifest: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a controller (built: `npx nx run @gantry/controller:build`) with one site. */
export async function startCloudSite(): Promise<CloudSite> {
  const controller = await startControllerProcess();
  const site = uniqueName('bench-site');
  const ok = (what: string, response: { status: number; body: unknown }, status: number) => {
    if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  return {
    controller,
    enroll: async ({ build, configPath }) => {
      const created = await controller.api('/enrollment-tokens', { method: 'POST', body: { labels: { site }, expiresInMinutes: 10, note: 'bench' } });
      const { token } = ok('creating an enrollment token', created, 201) as { token: string };
      await mustRun(build.command, [...build.args, 'enroll', '--config', configPath, '--controller', controller.url, '--token', token, '--device-id', uniqueName('gw')]);
    },
    deploy: async (app, manifest) => {
      ok(`creating app ${app}`, await controller.api('/apps', { method: 'POST', body: { id: app } }), 201);
      const release = ok(`cutting a release of ${app}`, await controller.api(`/apps/${app}/releases`, { method: 'POST', body: { manifest, format: 'gantry' } }), 201) as {
        id: string;
      };
      const deployment = { appId: app, releaseId: release.id, selector: `site=${site}`, healthyWithinMs: 60_000 };
      ok(`deploying ${app}`, await controller.api('/deployments', { method: 'POST', body: deployment }), 201);
    },
    stop: () => controller.stop(),
  };
}

/** Waits until `count` containers of the agent `instance` run. */
export async function waitRunning(docker: Docker, instance: string, count: number): Promise<void> {
  await pollUntil(
    async () => {
      const running = await docker.listContainers({ filters: { label: [`io.gantry.managed=${instance}`], status: ['running'] } });
      return running.length >= count || undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `${count} containers of the enrolled agent to run` },
  );
}
