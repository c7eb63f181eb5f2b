import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentUnderTest } from './harness.js';
import { registryImages, type RegistryImages } from './registry-image.js';

describe('bad manifests change nothing', () => {
  let images: RegistryImages;
  let agent: AgentUnderTest;
  let image: string;
  const app = uniqueName('meters');

  beforeAll(async () => {
    images = await registryImages();
    image = await images.publish('1');
    agent = await startAgent();
    const file = join(agent.dataDir, 'good.yaml');
    await writeFile(file, `name: ${app}\nservices:\n  reader:\n    image: ${image}\n    init: true\n    networkMode: none\n    resources: { memoryBytes: 16Mi, nanoCpus: 100m }\n`);
    const result = await agent.cli(['apply', '-f', file]);
    if (result.code !== 0) throw new Error(result.stdout + result.stderr);
  }, 90_000);

  afterAll(async () => {
    await agent?.dispose();
    await images?.dispose();
  });

  async function snapshot() {
    const status = JSON.parse((await agent.cli(['status', '--json'])).stdout) as { target: unknown; apps: unknown };
    const containers = (await images.docker.listContainers({ all: true, filters: { label: [`io.gantry.managed=${agent.instance}`] } })).map((c) => [c.Id, c.State]);
    return { target: status.target, apps: status.apps, containers };
  }

  it.each([
    ['a YAML syntax error', `name: ${app}\nservices:\n  reader: [unclosed\n`, 65, /\(line 4\): YAML syntax error/],
    ['an image reference Docker cannot read', `name: ${app}\nservices:\n  reader:\n    image: "Bad Image::tag"\n    resources: { memoryBytes: 16Mi, nanoCpus: 100m }\n`, 65, /services\.reader\.image \(line 4\)/],
    ['a cap written in no known unit', `name: ${app}\nservices:\n  reader:\n    image: IMAGE\n    resources: { memoryBytes: 12 parsecs, nanoCpus: 100m }\n`, 65, /services\.reader\.resources\.memoryBytes \(line 5\): .*not a size/],
    ['caps over allocatable', `name: ${app}\nservices:\n  reader:\n    image: IMAGE\n    resources: { memoryBytes: 4096Gi, nanoCpus: 100m }\n`, 77, /memory: the target asks for 4 TiB/],
    ['privileged mode the policy forbids', `name: ${app}\nservices:\n  reader:\n    image: IMAGE\n    privileged: true\n    resources: { memoryBytes: 16Mi, nanoCpus: 100m }\n`, 77, /privileged/],
    ['an uncapped service', `name: ${app}\nservices:\n  reader:\n    image: IMAGE\n`, 77, /allowUncapped/],
  ])('refuses %s with a clear message, and the running state is unchanged', async (_what, text, code, message) => {
    const before = await snapshot();
    const file = join(agent.dataDir, `${uniqueName('bad')}.yaml`);
    await writeFile(file, text.replace('IMAGE', image));
    const result = await agent.cli(['apply', '-f', file]);
    expect(result.code, result.stdout + result.stderr).toBe(code);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(await snapshot()).toEqual(before);
  }, 30_000);
});
