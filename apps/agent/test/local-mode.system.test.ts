import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CgroupInspector, NodeCgroupFs } from '../src/cgroups/index.js';
import { startAgent, type AgentUnderTest } from './harness.js';
import { registryImages, type RegistryImages } from './registry-image.js';

const MiB = 1024 * 1024;

describe('local mode on a real engine', () => {
  let images: RegistryImages;
  let agent: AgentUnderTest;
  let image: string;
  const app = uniqueName('meters');

  beforeAll(async () => {
    images = await registryImages();
    image = await images.publish('1');
    agent = await startAgent();
  }, 60_000);

  afterAll(async () => {
    await agent?.dispose();
    await images?.dispose();
  });

  async function containers() {
    const list = await images.docker.listContainers({ all: true, filters: { label: [`io.gantry.managed=${agent.instance}`] } });
    return Promise.all(list.map((c) => images.docker.getContainer(c.Id).inspect()));
  }

  const manifest = (memory = '64Mi') => `
name: ${app}
services:
  broker:
    image: ${image}
    init: true
    stopGracePeriodMs: 1000
    restart: { policy: always }
    resources: { memoryBytes: ${memory}, nanoCpus: 250m, pidsLimit: 64 }
  reader:
    image: ${image}
    init: true
    stopGracePeriodMs: 1000
    restart: { policy: unless-stopped }
    dependsOn: { broker: { condition: service_started } }
    resources: { memoryBytes: 32Mi, nanoCpus: 100m, pidsLimit: 32 }
`;

  it('applies a two-service app from the registry: both run, labelled, with caps the kernel enforces', async () => {
    const file = join(agent.dataDir, 'app.yaml');
    await writeFile(file, manifest());
    const result = await agent.cli(['apply', '-f', file]);
    expect(result.stderr + result.stdout).toMatch(/pull/i);
    expect(result.code, result.stdout + result.stderr).toBe(0);

    const running = await containers();
    expect(running.map((c) => [c.Config.Labels['io.gantry.service'], c.State.Status]).sort()).toEqual([
      ['broker', 'running'],
      ['reader', 'running'],
    ]);
    for (const c of running) expect(c.Config.Labels['io.gantry.app']).toBe(app);
    const broker = running.find((c) => c.Config.Labels['io.gantry.service'] === 'broker');
    const reader = await new CgroupInspector(new NodeCgroupFs()).forPid(broker?.State.Pid ?? 0);
    const caps = await reader.readCaps();
    expect(caps.memoryBytes).toBe(64 * MiB);
    expect(caps.nanoCpus).toBe(250_000_000);
    expect(caps.pidsLimit).toBe(64);
  }, 120_000);

  it('applies the same manifest again without restarting anything', async () => {
    const before = (await containers()).map((c) => [c.Id, c.State.StartedAt]).sort();
    const result = await agent.cli(['apply', '-f', join(agent.dataDir, 'app.yaml')]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect((await containers()).map((c) => [c.Id, c.State.StartedAt]).sort()).toEqual(before);
  }, 60_000);

  it('shows the services in ps with memory and CPU against their caps', async () => {
    const result = await agent.cli(['ps', '--json']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { service: string; memoryLimitBytes: number; cpuLimitNanoCpus: number; caps: string; memoryBytes: number }[];
    expect(rows.map((r) => [r.service, r.memoryLimitBytes, r.cpuLimitNanoCpus, r.caps])).toEqual([
      ['broker', 64 * MiB, 250_000_000, 'verified'],
      ['reader', 32 * MiB, 100_000_000, 'verified'],
    ]);
    expect(rows.every((r) => r.memoryBytes > 0)).toBe(true);
  }, 60_000);

  it('changes caps in place without a restart', async () => {
    const before = (await containers()).map((c) => [c.Id, c.State.StartedAt]).sort();
    await writeFile(join(agent.dataDir, 'app.yaml'), manifest('96Mi'));
    const result = await agent.cli(['apply', '-f', join(agent.dataDir, 'app.yaml')]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const after = await containers();
    expect(after.map((c) => [c.Id, c.State.StartedAt]).sort()).toEqual(before);
    expect(after.find((c) => c.Config.Labels['io.gantry.service'] === 'broker')?.HostConfig.Memory).toBe(96 * MiB);
  }, 60_000);

  it('undoes docker stop, docker rm -f and docker update by hand, and never touches a foreign container', async () => {
    const foreign = await images.docker.createContainer({ Image: image, name: uniqueName('not-gantry'), HostConfig: { NetworkMode: 'none' } });
    await foreign.start();
    try {
      const broker = (await containers()).find((c) => c.Config.Labels['io.gantry.service'] === 'broker');
      const reader = (await containers()).find((c) => c.Config.Labels['io.gantry.service'] === 'reader');
      if (!broker || !reader) throw new Error('not installed');

      await images.docker.getContainer(reader.Id).stop({ t: 0 });
      await pollUntil(async () => (await images.docker.getContainer(reader.Id).inspect()).State.Running, { timeoutMs: 20_000, what: 'the stopped reader to run again' });

      await images.docker.getContainer(broker.Id).remove({ force: true });
      await pollUntil(
        async () => (await containers()).some((c) => c.Config.Labels['io.gantry.service'] === 'broker' && c.State.Running && c.Id !== broker.Id),
        { timeoutMs: 20_000, what: 'a new broker container' },
      );

      const current = (await containers()).find((c) => c.Config.Labels['io.gantry.service'] === 'reader');
      await images.docker.getContainer(current?.Id ?? '').update({ Memory: 128 * MiB, MemorySwap: 256 * MiB });
      await pollUntil(async () => (await images.docker.getContainer(current?.Id ?? '').inspect()).HostConfig.Memory === 32 * MiB, {
        timeoutMs: 20_000,
        what: 'the reader memory cap to be restored',
      });
      expect((await containers()).filter((c) => c.Config.Labels['io.gantry.service'] === 'broker')).toHaveLength(1);
      expect((await foreign.inspect()).State.Running).toBe(true);
    } finally {
      await foreign.remove({ force: true });
    }
  }, 90_000);
});
