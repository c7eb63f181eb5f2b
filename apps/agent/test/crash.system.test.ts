import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStateStore } from '../src/store/file-state-store.js';
import { startAgent, type AgentUnderTest } from './harness.js';
import { registryImages, type RegistryImages } from './registry-image.js';

describe('kill -9 of the agent in the middle of a deploy', () => {
  let images: RegistryImages;
  let agent: AgentUnderTest;
  const app = uniqueName('plant');

  beforeAll(async () => {
    images = await registryImages();
    agent = await startAgent();
  }, 60_000);

  afterAll(async () => {
    await agent?.dispose();
    await images?.dispose();
  });

  const manifest = (image: string, round: number) => `
name: ${app}
services:
${['db', 'api', 'ui']
  .map(
    (service, i) => `  ${service}:
    image: ${image}
    env: { ROUND: "${round}" }
    init: true
    stopGracePeriodMs: 1000
    restart: { policy: always }
${i > 0 ? `    dependsOn: { ${i === 1 ? 'db' : 'api'}: { condition: service_started } }\n` : ''}    resources: { memoryBytes: 16Mi, nanoCpus: 100m, pidsLimit: 16 }`,
  )
  .join('\n')}
`;

  // After `accepted` the target is stored; the kills land while images are pulled,
  // containers are replaced, and services start.
  it.each([0, 150, 600, 1500])('converges without duplicates after a kill %i ms into the deploy', async (delayMs) => {
    const round = delayMs;
    const image = await images.publish(`r${round}`);
    const file = join(agent.dataDir, `round-${round}.yaml`);
    await writeFile(file, manifest(image, round));
    const accepted = await agent.cli(['apply', '-f', file, '--no-wait']);
    expect(accepted.code, accepted.stdout + accepted.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await agent.kill('SIGKILL');

    // The store survived the kill intact.
    const stored = await new FileStateStore(join(agent.dataDir, 'data', 'state.json')).load();
    expect(stored.target?.apps[app]?.spec.services['db']?.env).toEqual({ ROUND: String(round) });

    await agent.restart();
    await pollUntil(
      async () => {
        const list = await images.docker.listContainers({ all: true, filters: { label: [`io.gantry.managed=${agent.instance}`] } });
        const infos = await Promise.all(list.map((c) => images.docker.getContainer(c.Id).inspect()));
        const current = infos.filter((c) => c.Config.Env.includes(`ROUND=${round}`) && c.State.Running);
        return (current.length === 3 && infos.length === 3) || undefined;
      },
      { timeoutMs: 45_000, what: `round ${round} to converge to exactly three running containers` },
    );
    const services = (await images.docker.listContainers({ all: true, filters: { label: [`io.gantry.managed=${agent.instance}`] } })).map(
      (c) => c.Labels['io.gantry.service'],
    );
    expect(services.sort()).toEqual(['api', 'db', 'ui']);
  }, 90_000);
});
