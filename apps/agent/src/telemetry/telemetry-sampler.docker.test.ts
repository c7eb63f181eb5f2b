// The sampler on the real engine and this machine's real cgroup files: what it reports for a
// container must match what the container does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_UPDATABLE_CAPS, type ManagedContainer } from '@gantry/agent-core';
import { TelemetrySampleSchema, type ServiceUsage } from '@gantry/protocol';
import { buildBusyboxImage, connectDocker, pollUntil, removeImage, uniqueName } from '@gantry/test-kit';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CgroupInspector } from '../cgroups/cgroup-inspector.js';
import { NodeCgroupFs } from '../cgroups/node-cgroup-fs.js';
import { inspectInit } from './container-init.js';
import { HostReader } from './host-reader.js';
import { TelemetrySampler } from './telemetry-sampler.js';

const MiB = 2 ** 20;

let docker: Docker;
let image: string;
let dataDir: string;
const containers: Docker.Container[] = [];

beforeAll(async () => {
  docker = await connectDocker();
  image = await buildBusyboxImage(docker, { repo: `gantry-test/${uniqueName('telemetry')}`, tag: '1', cmd: ['sleep', '3600'] });
  dataDir = await mkdtemp(join(tmpdir(), 'gantry-telemetry-'));
}, 60_000);

afterAll(async () => {
  for (const container of containers) await container.remove({ force: true });
  if (image) await removeImage(docker, image);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

/** Starts a container running `script` under `hostConfig`; afterAll removes it. */
async function run(service: string, script: string, hostConfig: Docker.HostConfig = {}): Promise<ManagedContainer> {
  const container = await docker.createContainer({
    name: uniqueName(`gantry-telemetry-${service}`),
    Image: image,
    Cmd: ['sh', '-c', script],
    HostConfig: { NetworkMode: 'none', ...hostConfig },
  });
  containers.push(container);
  await container.start();
  return {
    id: container.id,
    name: service,
    appId: 'probe',
    service,
    releaseId: 'r1',
    configHash: 'hash',
    image,
    state: 'running',
    health: 'none',
    exitCode: null,
    restartCount: 0,
    caps: NO_UPDATABLE_CAPS,
  };
}

function newSampler(...running: ManagedContainer[]): TelemetrySampler {
  const sut = new TelemetrySampler({
    intervalMs: 60_000,
    inspector: new CgroupInspector(new NodeCgroupFs()),
    inspectInit: (id) => inspectInit(docker, id),
    host: new HostReader({ dataDir }),
    publish: () => undefined,
    log: { info: () => undefined, warn: (message) => expect.fail(message), error: () => undefined },
  });
  sut.observe({ containers: running, images: new Set(), networks: new Set(), volumes: [] });
  return sut;
}

/**
 * Samples at least `windowMs` apart until the service's usage passes `test`; fails with the
 * last reading when it never does.
 */
async function sampleUntil(sut: TelemetrySampler, service: string, test: (usage: ServiceUsage) => boolean, windowMs = 0): Promise<ServiceUsage> {
  let last: ServiceUsage | undefined;
  let sampledAtMs = Date.now();
  try {
    return await pollUntil(
      async () => {
        if (Date.now() - sampledAtMs < windowMs) return undefined;
        sampledAtMs = Date.now();
        last = TelemetrySampleSchema.parse(await sut.sample()).services.find((usage) => usage.service === service);
        return last && test(last) ? last : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `telemetry of ${service}` },
    );
  } catch (error) {
    throw new Error(`${String(error)}; last reading: ${JSON.stringify(last)}`, { cause: error });
  }
}

describe('telemetry of containers on the real engine', () => {
  it('reads a busy container’s CPU near its cap', async () => {
    const busy = await run('busy', 'while :; do :; done', { NanoCpus: 0.5e9 });
    const sut = newSampler(busy);
    await sut.sample();

    // Over 2 s windows a 0.5-CPU quota reads 0.5 CPU, give or take a CFS period of burst or
    // time lost to other work on this shared machine.
    const usage = await sampleUntil(sut, 'busy', (u) => u.cpuNanoCpus >= 0.4e9 && u.cpuNanoCpus <= 0.56e9, 2_000);

    expect(usage.cpuNanoCpus).toBeLessThanOrEqual(0.56e9);
  }, 60_000);

  it('shows the memory a container allocates, against its cap', async () => {
    const filler = await run('filler', 'dd if=/dev/zero of=/dev/shm/fill bs=1048576 count=32 2>/dev/null; touch /tmp/filled; exec sleep 3600', { Memory: 128 * MiB });
    const sut = newSampler(filler);

    // tmpfs pages are charged to the container's memory cgroup and never count as file cache.
    const usage = await sampleUntil(sut, 'filler', (u) => u.memoryBytes >= 32 * MiB);

    expect(usage.memoryBytes).toBeLessThan(40 * MiB);
    expect(usage.memoryLimitBytes).toBe(128 * MiB);
  }, 60_000);

  it('counts a container’s processes', async () => {
    const parent = await run('parent', 'sleep 3600 & sleep 3600 & sleep 3600 & wait');
    const sut = newSampler(parent);

    const usage = await sampleUntil(sut, 'parent', (u) => u.pids === 4);

    expect(usage.pids).toBe(4);
  }, 60_000);

  it('counts the bytes a container writes to disk', async () => {
    const writer = await run('writer', 'dd if=/dev/zero of=/tmp/out bs=1048576 count=8 oflag=direct 2>/dev/null; sync; exec sleep 3600');
    const sut = newSampler(writer);

    const usage = await sampleUntil(sut, 'writer', (u) => u.blkio.writeBytes >= 8 * MiB);

    expect(usage.blkio.writeBytes).toBeLessThan(64 * MiB);
  }, 60_000);
});
