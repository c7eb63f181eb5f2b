import { writeFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CgroupInspector, isUnsupported, NodeCgroupFs } from '../src/cgroups/index.js';
import { startAgent, type AgentUnderTest } from './harness.js';
import { recordedEvents } from './outbox-events.js';
import { registryImages, type RegistryImages } from './registry-image.js';

const MiB = 1024 * 1024;
const ALLOCATABLE = 200 * MiB;

describe('resource caps on a real engine: no app can starve the gateway', () => {
  let images: RegistryImages;
  let agent: AgentUnderTest;
  let image: string;
  const inspector = new CgroupInspector(new NodeCgroupFs());

  beforeAll(async () => {
    images = await registryImages();
    image = await images.publish('1');
    // Everything but 200 MiB is kept back for the gateway's own functions.
    agent = await startAgent({ reserve: { memory: totalmem() - ALLOCATABLE, cpus: 0.25, pids: 512 } });
  }, 60_000);

  afterAll(async () => {
    await agent?.dispose();
    await images?.dispose();
  });

  async function apply(name: string, service: string, command: string, resources: string, extra = ''): Promise<{ code: number | null; out: string }> {
    const file = join(agent.dataDir, `${name}.yaml`);
    await writeFile(
      file,
      `name: ${name}\nservices:\n  ${service}:\n    image: ${image}\n    command: [sh, -c, ${JSON.stringify(command)}]\n    networkMode: none\n    stopGracePeriodMs: 1000\n${extra}    resources: ${resources}\n`,
    );
    const result = await agent.cli(['apply', '-f', file, '--no-wait']);
    return { code: result.code, out: result.stdout + result.stderr };
  }

  async function containerOf(app: string): Promise<Docker.ContainerInspectInfo> {
    const list = await images.docker.listContainers({ all: true, filters: { label: [`io.gantry.managed=${agent.instance}`, `io.gantry.app=${app}`] } });
    const first = list[0];
    if (!first) throw new Error(`no container for ${app}`);
    return images.docker.getContainer(first.Id).inspect();
  }

  it('holds a busy loop capped at 0.2 CPU to about that', async () => {
    const app = uniqueName('spin');
    expect((await apply(app, 'spin', 'while :; do :; done', '{ memoryBytes: 16Mi, nanoCpus: 200m, pidsLimit: 16 }')).code).toBe(0);
    const pid = await pollUntil(async () => (await containerOf(app).catch(() => undefined))?.State.Pid || undefined, { timeoutMs: 20_000, what: 'the spinner' });
    const reader = await inspector.forPid(pid);
    const first = await reader.cpuUsageNs();
    const started = process.hrtime.bigint();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const second = await reader.cpuUsageNs();
    const elapsedNs = Number(process.hrtime.bigint() - started);
    if (isUnsupported(first) || isUnsupported(second)) throw new Error('cpu usage unreadable');
    const cpus = (second - first) / elapsedNs;
    expect(cpus).toBeGreaterThan(0.05);
    expect(cpus).toBeLessThan(0.3);

    // `ps` shows the same use against the cap.
    const rows = JSON.parse((await agent.cli(['ps', '--json'])).stdout) as { appId: string; cpuNanoCpus: number; cpuLimitNanoCpus: number }[];
    const row = rows.find((r) => r.appId === app);
    expect(row?.cpuLimitNanoCpus).toBe(200_000_000);
    expect(row?.cpuNanoCpus).toBeGreaterThan(50_000_000);
    expect(row?.cpuNanoCpus).toBeLessThan(300_000_000);
  }, 60_000);

  it('OOM-kills a service that allocates past its memory cap and records it as OOM', async () => {
    const app = uniqueName('hog');
    const extra = '    restart: { policy: "no" }\n';
    expect((await apply(app, 'hog', 'sleep 1; x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done', '{ memoryBytes: 16Mi, nanoCpus: 500m, pidsLimit: 16 }', extra)).code).toBe(0);
    await pollUntil(async () => (await containerOf(app)).State.OOMKilled || undefined, { timeoutMs: 30_000, what: 'the hog to be OOM-killed' });
    await pollUntil(async () => (await recordedEvents(agent.dataDir)).some((e) => e.type === 'service.oom' && e.detail['app'] === app) || undefined, {
      timeoutMs: 10_000,
      what: 'a service.oom event',
    });
    const oom = (await recordedEvents(agent.dataDir)).find((e) => e.type === 'service.oom' && e.detail['app'] === app);
    expect(oom?.detail).toMatchObject({ service: 'hog', memoryLimitBytes: 16 * MiB });
  }, 60_000);

  it('contains a fork bomb with the pids cap, and the agent keeps answering', async () => {
    const app = uniqueName('bomb');
    // The bomb goes off in a subshell while the main process becomes `sleep` at once: a main
    // shell caught in the storm fails its own forks and exits, and the container restarts.
    expect((await apply(app, 'bomb', '(bomb() { bomb | bomb & }; bomb) & exec sleep 3600', '{ memoryBytes: 32Mi, nanoCpus: 200m, pidsLimit: 24 }')).code).toBe(0);
    // Read once the bomb has filled its table. The container's main process may die in the
    // storm and be restarted, so its pid is looked up afresh on every try.
    const pids = await pollUntil(
      async () => {
        const pid = (await containerOf(app).catch(() => undefined))?.State.Pid;
        if (pid === undefined || pid === 0) return undefined;
        const reader = await inspector.forPid(pid).catch(() => undefined);
        if (reader === undefined) return undefined;
        const count = await reader.pidsCurrent();
        if (isUnsupported(count)) throw new Error(count.reason);
        return count > 10 && count;
      },
      { timeoutMs: 30_000, what: 'the bomb to fill its pid table' },
    );
    // The bomb fills its table and no more.
    expect(pids).toBeGreaterThan(10);
    expect(pids).toBeLessThanOrEqual(24);
    const status = await agent.cli(['status', '--json']);
    expect(status.code).toBe(0);
  }, 60_000);

  it('never hands out the reserve: a target over allocatable is refused whole, naming services and numbers', async () => {
    const before = await agent.cli(['status', '--json']);
    const app = uniqueName('greedy');
    const { code, out } = await apply(app, 'greedy', 'sleep 3600', '{ memoryBytes: 256Mi, nanoCpus: 100m, pidsLimit: 16 }');
    expect(code).toBe(77);
    expect(out).toMatch(new RegExp(`memory: the target asks for .* but this gateway has 200 MiB allocatable \\(.*${app}/greedy 256 MiB`));
    const after = await agent.cli(['status', '--json']);
    expect(JSON.parse(after.stdout).target).toEqual(JSON.parse(before.stdout).target);
  }, 60_000);
});
