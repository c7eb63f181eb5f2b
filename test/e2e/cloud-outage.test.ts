import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeStack, isContiguous, type EdgeStack } from './edge-stack.js';
import { startControllerProcess, type ControllerProcess } from '../support/controller-process.js';

// The cloud goes away: the gateway keeps its apps running on its own (a crashed container
// comes back), records what happened in its outbox, and delivers all of it, in order and
// without a gap, once the controller is back on the same address.

let controller: ControllerProcess;
let stack: EdgeStack;

interface CloudStatus {
  connection: string;
  pendingEvents: number;
}

async function cloudStatus(): Promise<CloudStatus | undefined> {
  const status = await stack.agent.cli(['status', '--json']);
  if (status.code !== 0) return undefined;
  return (JSON.parse(status.stdout) as { cloud: CloudStatus | null }).cloud ?? undefined;
}

beforeAll(async () => {
  controller = await startControllerProcess({ REPUBLISH_INTERVAL_MS: '1000', ROLLOUT_TICK_MS: '200' });
  stack = await createEdgeStack(controller);
  await stack.enroll();
  await stack.agent.start();
  const releaseId = await stack.cutRelease(await stack.publishImage('1'), 'one');
  await stack.waitConverged(await stack.deploy(releaseId));
}, 120_000);

afterAll(async () => {
  await stack?.dispose();
  await controller?.stop();
}, 60_000);

describe('a gateway while the cloud is away', () => {
  it('restarts a crashed container offline and delivers the events of the outage once the controller is back', async () => {
    await stack.waitFor('the first events delivered', async () => (await stack.events()).length > 0 && (await cloudStatus())?.pendingEvents === 0);
    const delivered = (await stack.events()).length;
    const [before] = await stack.containers();
    if (!before) throw new Error('the app runs no container');

    await controller.halt();
    await stack.waitFor('the agent to notice the cloud is gone', async () => (await cloudStatus())?.connection !== 'connected', 30_000);
    // `docker kill` counts as a manual stop for Docker's own restart policy: only the agent brings it back.
    await stack.docker.getContainer(before.Id).kill();

    const after = await stack.waitFor('the container running again', async () => {
      const [container] = await stack.containers();
      return container?.State.Running === true && container.State.StartedAt !== before.State.StartedAt && container;
    });
    expect(after.Id).toBe(before.Id);
    const queued = await stack.waitFor('events queued while offline', async () => {
      const cloud = await cloudStatus();
      return cloud !== undefined && cloud.connection !== 'connected' && cloud.pendingEvents > 0 && cloud.pendingEvents;
    });

    await controller.resume();

    await stack.waitFor('the gateway online again', async () => (await stack.device()).status === 'online', 60_000);
    await stack.waitFor('the outbox drained', async () => (await cloudStatus())?.pendingEvents === 0, 30_000);
    const events = await stack.waitFor('the outage events stored', async () => {
      const stored = await stack.events();
      return stored.length >= delivered + queued && stored;
    });
    expect(isContiguous(events)).toBe(true);
    // What happened offline, newest first: the crash and the agent's own restart of the service.
    const outage = events.slice(0, events.length - delivered).map((event) => event.type);
    expect(outage).toContain('service.died');
    expect(outage).toContain('service.started');
  }, 150_000);

  it('applies a desired state changed while the agent was down as soon as it is back', async () => {
    await stack.agent.stop();
    await stack.waitFor('the gateway offline', async () => (await stack.device()).status === 'offline', 30_000);
    const image = await stack.publishImage('2');
    const deploymentId = await stack.deploy(await stack.cutRelease(image, 'two'));

    await stack.agent.start();

    await stack.waitConverged(deploymentId);
    const [container] = await stack.containers();
    expect(container?.Config.Image).toBe(image);
    expect(container?.State.Running).toBe(true);
  }, 150_000);
});
