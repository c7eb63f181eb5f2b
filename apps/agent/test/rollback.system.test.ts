import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentUnderTest } from './harness.js';
import { recordedEvents } from './outbox-events.js';
import { registryImages, type RegistryImages } from './registry-image.js';

describe('automatic rollback on a real engine', () => {
  let images: RegistryImages;
  let agent: AgentUnderTest;
  let image: string;
  const app = uniqueName('vision');

  beforeAll(async () => {
    images = await registryImages();
    image = await images.publish('1');
    agent = await startAgent({ healthyWithin: '20s' });
  }, 60_000);

  afterAll(async () => {
    await agent?.dispose();
    await images?.dispose();
  });

  const release = (version: string, healthFile: string) => `
name: ${app}
services:
  infer:
    image: ${image}
    command: [sh, -c, "touch /tmp/ready; exec sleep 3600"]
    env: { MODEL_VERSION: "${version}" }
    networkMode: none
    init: true
    stopGracePeriodMs: 1000
    restart: { policy: always }
    healthcheck: { test: [CMD-SHELL, "test -f ${healthFile}"], intervalMs: 500, timeoutMs: 1000, retries: 2 }
    resources: { memoryBytes: 32Mi, nanoCpus: 200m, pidsLimit: 32 }
`;

  async function applyRelease(version: string, healthFile: string) {
    const file = join(agent.dataDir, `${version}.yaml`);
    await writeFile(file, release(version, healthFile));
    return agent.cli(['apply', '-f', file]);
  }

  it('rolls back by itself to the last good release when the new one fails its health check', async () => {
    const good = await applyRelease('1', '/tmp/ready');
    expect(good.code, good.stdout + good.stderr).toBe(0);

    const bad = await applyRelease('2', '/tmp/never');
    expect(bad.code, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/rolled back/i);

    const status = JSON.parse((await agent.cli(['status', '--json'])).stdout) as {
      apps: { appId: string; releaseId: string; targetReleaseId: string; lastGoodReleaseId: string; rolledBack: { reason: string } | null }[];
    };
    const entry = status.apps.find((a) => a.appId === app);
    expect(entry?.rolledBack?.reason).toBe('infer is unhealthy');
    expect(entry?.releaseId).toBe(entry?.lastGoodReleaseId);
    expect(entry?.releaseId).not.toBe(entry?.targetReleaseId);

    const list = await images.docker.listContainers({ all: true, filters: { label: [`io.gantry.managed=${agent.instance}`] } });
    expect(list).toHaveLength(1);
    const running = await images.docker.getContainer(list[0]?.Id ?? '').inspect();
    expect(running.Config.Env).toContain('MODEL_VERSION=1');
    expect(running.State.Health?.Status).toBe('healthy');
    expect((await recordedEvents(agent.dataDir)).filter((e) => e.type === 'release.rolled-back')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ app, reason: 'infer is unhealthy' }) }),
    ]);
  }, 120_000);

  it('ends a first apply whose image no registry has with a failed verdict instead of waiting for ever', async () => {
    const missing = uniqueName('nowhere');
    const file = join(agent.dataDir, `${missing}.yaml`);
    await writeFile(
      file,
      `name: ${missing}
services:
  ghost:
    image: ${image.replace(/:[^:/]+$/, '')}-missing:1
    command: [sh, -c, "exec sleep 3600"]
    networkMode: none
    resources: { memoryBytes: 16Mi, nanoCpus: 100m, pidsLimit: 16 }
`,
    );
    const result = await agent.cli(['apply', '-f', file]);
    expect(result.code, result.stdout + result.stderr).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/ghost|pull|failed/i);
  }, 120_000);
});
