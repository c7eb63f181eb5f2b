// The sampler's output, on the v2 fixture tree for a container's cgroup and this machine's
// real procfs for the gateway: every sample must be what the protocol accepts.
import { mkdtemp, rm } from 'node:fs/promises';
import { totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_UPDATABLE_CAPS, type CurrentState, type ManagedContainer } from '@gantry/agent-core';
import { createMessage, encode, TelemetryBatchSchema, TelemetrySampleSchema, type TelemetryBatch } from '@gantry/protocol';
import { pollUntil } from '@gantry/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CgroupInspector } from '../cgroups/cgroup-inspector.js';
import { CONTAINER_ID, CONTAINER_PID, fixtureFs, MiB } from '../cgroups/fixtures/fixture-fs.js';
import type { ContainerInit } from './container-init.js';
import { HostReader } from './host-reader.js';
import { TelemetrySampler, type TelemetrySamplerOptions } from './telemetry-sampler.js';

const STARTED_AT_MS = Date.parse('2025-03-01T12:00:00.000Z');

function container(overrides: Partial<ManagedContainer> = {}): ManagedContainer {
  return {
    id: CONTAINER_ID,
    name: 'meters-meter',
    appId: 'meters',
    service: 'meter',
    releaseId: 'r1',
    configHash: 'hash',
    image: 'registry.local/meter:1',
    state: 'running',
    health: 'none',
    exitCode: null,
    restartCount: 0,
    caps: NO_UPDATABLE_CAPS,
    ...overrides,
  };
}

function current(...containers: ManagedContainer[]): CurrentState {
  return { containers, images: new Set(), networks: new Set(), volumes: [] };
}

let dataDir: string;
let nowMs: number;
const warnings: string[] = [];
const log = { info: () => undefined, warn: (message: string) => warnings.push(message), error: () => undefined };

function sampler(overrides: Partial<TelemetrySamplerOptions> = {}): TelemetrySampler {
  return new TelemetrySampler({
    intervalMs: 60_000,
    inspector: new CgroupInspector(fixtureFs('v2')),
    inspectInit: async (id): Promise<ContainerInit | undefined> => (id === CONTAINER_ID ? { pid: CONTAINER_PID, startedAtMs: STARTED_AT_MS } : undefined),
    host: new HostReader({ dataDir }),
    publish: () => undefined,
    log,
    now: () => nowMs,
    ...overrides,
  });
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gantry-telemetry-'));
  nowMs = STARTED_AT_MS + 10_000;
  warnings.length = 0;
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('TelemetrySampler', () => {
  it('samples each running service from its cgroup files, in the protocol’s shape', async () => {
    const sut = sampler();
    sut.observe(current(container(), container({ id: 'ab12cd34ef56', service: 'stopped', state: 'exited' })));

    const sample = TelemetrySampleSchema.parse(await sut.sample());

    expect(sample.ts).toBe('2025-03-01T12:00:10.000Z');
    expect(sample.services).toEqual([
      {
        app: 'meters',
        service: 'meter',
        // 81234 µs of CPU in the 10 s since the container started.
        cpuNanoCpus: 8_123_400,
        memoryBytes: 1589248 - 610304,
        pids: 1,
        blkio: { readBytes: 1052672 + 4096, writeBytes: 65536 },
        memoryLimitBytes: 64 * MiB,
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('averages CPU over the time since the previous sample', async () => {
    const sut = sampler();
    sut.observe(current(container()));
    await sut.sample();
    nowMs += 60_000;

    const sample = await sut.sample();

    // The fixture's counter stands still: nothing used in the minute.
    expect(sample.services[0]?.cpuNanoCpus).toBe(0);
  });

  it('reads the gateway’s totals from this machine', async () => {
    const sut = sampler();

    const { gateway, services } = TelemetrySampleSchema.parse(await sut.sample());

    expect(services).toEqual([]);
    expect(gateway?.memoryTotalBytes).toBe(totalmem());
    expect(gateway?.memoryBytes).toBeGreaterThan(0);
    expect(gateway?.memoryBytes).toBeLessThan(totalmem());
    expect(gateway?.pids).toBeGreaterThan(1);
    expect(gateway?.cpuNanoCpus).toBeGreaterThan(0);
    expect(gateway?.storageFreeBytes).toBeGreaterThan(0);
  });

  it('leaves out a container Docker says is not running, and one whose cgroup is gone', async () => {
    const gone = fixtureFs('v2', { files: { [`/sys/fs/cgroup/system.slice/docker-${CONTAINER_ID}.scope/memory.current`]: undefined } });
    const sut = sampler({ inspector: new CgroupInspector(gone) });
    sut.observe(current(container(), container({ id: 'ab12cd34ef56', service: 'other' })));

    expect((await sut.sample()).services).toEqual([]);
  });

  it('sends a field the kernel cannot show as 0 and says so once', async () => {
    const noPids = fixtureFs('v2', { files: { [`/sys/fs/cgroup/system.slice/docker-${CONTAINER_ID}.scope/pids.current`]: undefined } });
    const sut = sampler({ inspector: new CgroupInspector(noPids) });
    sut.observe(current(container()));

    expect((await sut.sample()).services[0]?.pids).toBe(0);
    await sut.sample();
    expect(warnings).toEqual([expect.stringMatching(/^telemetry sends pids as 0: .*pids\.current is missing$/)]);
  });

  it('keeps an idle gateway’s sample under 1 KB on the wire', async () => {
    const sut = sampler();
    const batch: TelemetryBatch = { intervalMs: 60_000, samples: [await sut.sample()] };

    const encoded = encode('telemetry', createMessage('telemetry', batch, { deviceId: 'gw-17' }));

    if (!encoded.ok) throw new Error(encoded.error.message);
    expect(Buffer.byteLength(encoded.value)).toBeLessThan(1024);
  });

  it('publishes one sample a batch every interval until stopped', async () => {
    const published: TelemetryBatch[] = [];
    const sut = sampler({ intervalMs: 200, now: Date.now, publish: (batch) => published.push(batch) });
    sut.observe(current(container()));

    sut.start();
    await pollUntil(() => published.length >= 2, { timeoutMs: 10_000, what: 'two telemetry batches' });
    await sut.stop();

    for (const batch of published) {
      expect(TelemetryBatchSchema.parse(batch)).toMatchObject({ intervalMs: 200, samples: [{ services: [{ app: 'meters', service: 'meter' }] }] });
    }
  });
});
