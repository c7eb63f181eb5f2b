import { LABELS, type PullProgress } from '@gantry/agent-core';
import { describe, expect, it } from 'vitest';
import { createStep, MiB, oneService, release, settle } from '../test-support/fixtures.js';
import { simulatedEngine } from '../test-support/sim-setup.js';
import { PullError } from './errors.js';

const r1 = release('site', 'r1', oneService('registry.local/api:1'));

describe('SimRuntime pulls', () => {
  it('takes latency plus size over bandwidth and reports progress summed over layers', async () => {
    const { scheduler, sut } = simulatedEngine();
    const start = scheduler.now();
    const progress: PullProgress[] = [];
    await settle(scheduler, sut.pull('registry.local/api:1', (p) => progress.push(p)), 10_000);
    expect(scheduler.now() - start).toBeGreaterThanOrEqual(3_100);
    expect(scheduler.now() - start).toBeLessThan(3_200);
    const bytes = progress.map((p) => p.currentBytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(progress[0]).toMatchObject({ status: 'Pulling fs layer', currentBytes: 0, layersDone: 0, layersTotal: 3 });
    expect(progress.some((p) => p.status === 'Downloading' && p.layersDone > 0 && p.layersDone < 3)).toBe(true);
    expect(progress.at(-1)).toEqual({
      image: 'registry.local/api:1',
      currentBytes: 3_000_000,
      totalBytes: 3_000_000,
      layersDone: 3,
      layersTotal: 3,
      status: 'Status: Downloaded newer image for registry.local/api:1',
    });
    expect(sut.diskUsedBytes).toBe(3_000_000);
  });

  it('lists a pulled image under the spellings the Docker runtime reports', async () => {
    const { scheduler, sut } = simulatedEngine();
    await settle(scheduler, sut.pull('busybox'));
    await settle(scheduler, sut.pull('registry.local/api:1'));
    const images = [...(await sut.readCurrent()).images];
    expect(images).toEqual(
      expect.arrayContaining(['busybox:latest', 'library/busybox:latest', 'docker.io/library/busybox:latest', 'docker.io/busybox:latest', 'registry.local/api:1']),
    );
    expect(images.filter((i) => /^registry\.local\/api@sha256:[0-9a-f]{64}$/.test(i))).toHaveLength(1);
    expect(images.filter((i) => /^registry\.local\/api:1@sha256:[0-9a-f]{64}$/.test(i))).toHaveLength(1);
    expect(images).not.toContain('busybox');
  });

  it("fails a pull of an image the registry lacks with Docker's manifest unknown", async () => {
    const { scheduler, sut } = simulatedEngine({ missingImages: ['registry.local/api:*'] });
    const error = await settle(scheduler, sut.pull('registry.local/api:1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullError);
    expect(error).toMatchObject({ failure: 'not-found', isTransient: false, registry: 'registry.local' });
    expect(String(error)).toMatch(/cannot pull registry\.local\/api:1 from registry registry\.local: manifest for registry\.local\/api:1 not found: manifest unknown/);
    expect((await sut.readCurrent()).images.size).toBe(0);
  });

  it('fails every pull of an image missing from the shared registry', async () => {
    const { scheduler, sut } = simulatedEngine({}, { missing: ['registry.local/db:1'] });
    await expect(settle(scheduler, sut.pull('registry.local/db:1'))).rejects.toThrow(/manifest unknown/);
    await expect(settle(scheduler, sut.pull('registry.local/api:1'))).resolves.toBeUndefined();
  });

  it('breaks off a pull part-way with the configured probability, and a retry can succeed', async () => {
    const { scheduler, sut } = simulatedEngine({ pullFailureRate: 1 });
    const error = await settle(scheduler, sut.pull('registry.local/api:1')).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'network', isTransient: true, message: 'cannot pull registry.local/api:1 from registry registry.local: unexpected EOF.' });
    sut.setProfile({ pullFailureRate: 0 });
    await settle(scheduler, sut.pull('registry.local/api:1'));
    expect((await sut.readCurrent()).images.has('registry.local/api:1')).toBe(true);
  });

  it('fails with no space left on device once the image bytes would pass the disk budget', async () => {
    const { scheduler, sut } = simulatedEngine({ diskBytes: 4_000_000 });
    await settle(scheduler, sut.pull('registry.local/api:1'));
    const error = await settle(scheduler, sut.pull('registry.local/api:2')).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'disk-full' });
    expect(String(error)).toMatch(/failed to register layer: write \/var\/lib\/docker\/overlay2\/[0-9a-f]+\/diff: no space left on device/);
    expect(sut.diskUsedBytes).toBe(3_000_000);
    expect((await sut.readCurrent()).images.has('registry.local/api:2')).toBe(false);
  });

  it('answers a pull of a present image at once, up to date', async () => {
    const { scheduler, sut } = simulatedEngine();
    await settle(scheduler, sut.pull('registry.local/api:1'));
    const progress: PullProgress[] = [];
    const before = scheduler.now();
    await settle(scheduler, sut.pull('registry.local/api:1', (p) => progress.push(p)));
    expect(scheduler.now() - before).toBeLessThanOrEqual(200);
    expect(progress.map((p) => p.status)).toEqual(['Status: Image is up to date for registry.local/api:1']);
    expect(sut.diskUsedBytes).toBe(3_000_000);
  });

  it('stops a pull when its signal aborts, leaving no image', async () => {
    const { scheduler, sut } = simulatedEngine();
    const abort = new AbortController();
    const pulling = sut.pull('registry.local/api:1', undefined, abort.signal);
    await scheduler.advance(1_000);
    abort.abort(new Error('new target'));
    await expect(pulling).rejects.toThrow('new target');
    await scheduler.advance(10_000);
    expect((await sut.readCurrent()).images.size).toBe(0);
  });

  it('refuses a reference Docker would not parse', async () => {
    const { scheduler, sut } = simulatedEngine();
    await expect(settle(scheduler, sut.pull('Not A Reference'))).rejects.toMatchObject({ failure: 'invalid' });
  });
});

describe('SimRuntime is idempotent where the Docker runtime is', () => {
  it('returns the existing id for a create of a name it holds with the same config', async () => {
    const { scheduler, sut, runService } = simulatedEngine();
    const id = await runService(r1, 'api');
    expect(await settle(scheduler, sut.create(createStep(r1, 'api')))).toBe(id);
    expect((await sut.readCurrent()).containers).toHaveLength(1);
  });

  it('refuses a create whose name is held by another config', async () => {
    const { scheduler, sut, runService } = simulatedEngine();
    await runService(r1, 'api');
    const other = { ...createStep(r1, 'api'), configHash: 'ffffffffffffffff' };
    await expect(settle(scheduler, sut.create(other))).rejects.toThrow(/the name is taken by a Gantry container with config hash/);
  });

  it('refuses a create before the image is pulled, saying to pull it', async () => {
    const { scheduler, sut } = simulatedEngine();
    await expect(settle(scheduler, sut.create(createStep(r1, 'api')))).rejects.toThrow(
      'No such image: registry.local/api:1. Pull registry.local/api:1 first',
    );
  });

  it('treats start of a running, stop of a stopped and remove of a gone container as done', async () => {
    const { scheduler, sut, runService, eventsOf } = simulatedEngine();
    const id = await runService(r1, 'api');
    await settle(scheduler, sut.start(id));
    await settle(scheduler, sut.stop(id, 10_000));
    await settle(scheduler, sut.stop(id, 10_000));
    await settle(scheduler, sut.remove(id));
    await settle(scheduler, sut.remove(id));
    await settle(scheduler, sut.stop(id, 10_000));
    expect(eventsOf(id)).toEqual(['start', 'die:143', 'destroy']);
    await expect(settle(scheduler, sut.start(id))).rejects.toThrow(`cannot start container ${id}: it does not exist`);
  });

  it('kills a running container on remove (die 137, then destroy)', async () => {
    const { scheduler, sut, runService, eventsOf } = simulatedEngine();
    const id = await runService(r1, 'api');
    await settle(scheduler, sut.remove(id));
    expect(eventsOf(id)).toEqual(['start', 'die:137', 'destroy']);
  });

  it('kills a process that outlasts the stop timeout with exit code 137', async () => {
    const { scheduler, sut, runService, container } = simulatedEngine({ stopMs: 30_000 });
    const id = await runService(r1, 'api');
    const before = scheduler.now();
    await settle(scheduler, sut.stop(id, 1_500));
    expect(scheduler.now() - before).toBe(2_000);
    expect(await container(id)).toMatchObject({ state: 'exited', exitCode: 137 });
  });

  it('creates networks and volumes once, and refuses to remove what is in use', async () => {
    const { scheduler, sut, runService } = simulatedEngine();
    const app = release('site', 'r1', { ...oneService('registry.local/api:1', { volumes: [{ type: 'volume', source: 'data', target: '/data' }] }), volumes: { data: {} } });
    await sut.createVolume('site', 'data', { driver: 'local', driverOpts: {}, labels: {} });
    await sut.createVolume('site', 'data', { driver: 'local', driverOpts: {}, labels: {} });
    const id = await runService(app, 'api');
    await sut.createNetwork('site');
    const current = await sut.readCurrent();
    expect(current.volumes).toEqual([{ appId: 'site', name: 'data' }]);
    expect([...current.networks]).toEqual(['site']);
    await expect(sut.removeNetwork('site')).rejects.toThrow(/has active endpoints/);
    await expect(sut.removeVolume('site', 'data')).rejects.toThrow(/volume is in use/);
    await settle(scheduler, sut.remove(id));
    await sut.removeNetwork('site');
    await sut.removeVolume('site', 'data');
    await sut.removeVolume('site', 'data');
    expect(await sut.readCurrent()).toMatchObject({ volumes: [], networks: new Set() });
  });
});

describe('SimRuntime readCurrent', () => {
  it('reports containers as the Docker runtime does: labels, caps as Docker holds them, newest first', async () => {
    const { scheduler, sut, runService } = simulatedEngine();
    const first = await runService(r1, 'api');
    const r2 = release('other', 'r7', oneService('registry.local/db:1', { labels: { team: 'edge' } }));
    const second = await runService(r2, 'api');
    await scheduler.advance(5_000);
    const { containers } = await sut.readCurrent();
    expect(containers.map((c) => c.id)).toEqual([second, first]);
    expect(containers[1]).toEqual({
      id: first,
      name: createStep(r1, 'api').name,
      appId: 'site',
      service: 'api',
      releaseId: 'r1',
      configHash: createStep(r1, 'api').configHash,
      image: 'registry.local/api:1',
      state: 'running',
      health: 'healthy',
      exitCode: null,
      restartCount: 0,
      caps: {
        memoryBytes: 64 * MiB,
        memoryReservationBytes: null,
        // Unset, Docker makes memory+swap twice the memory.
        memorySwapBytes: 128 * MiB,
        nanoCpus: 500_000_000,
        cpuShares: null,
        cpusetCpus: null,
        pidsLimit: null,
        blkioWeight: null,
      },
    });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(sut.labels(second)).toEqual({
      team: 'edge',
      [LABELS.managed]: 'default',
      [LABELS.app]: 'other',
      [LABELS.service]: 'api',
      [LABELS.release]: 'r7',
      [LABELS.configHash]: createStep(r2, 'api').configHash,
    });
  });

  it('gives a created container no health until it starts', async () => {
    const { scheduler, sut } = simulatedEngine();
    await settle(scheduler, sut.pull('registry.local/api:1'));
    const id = await settle(scheduler, sut.create(createStep(r1, 'api')));
    expect((await sut.readCurrent()).containers[0]).toMatchObject({ id, state: 'created', health: 'none', exitCode: null });
  });

  it('makes the same ids and timings for the same seed', async () => {
    const run = async () => {
      const { scheduler, runService } = simulatedEngine({ startMs: { kind: 'normal', mean: 500, stdDev: 100, min: 100 } });
      const id = await runService(r1, 'api');
      return { id, at: scheduler.now() };
    };
    expect(await run()).toEqual(await run());
  });
});
