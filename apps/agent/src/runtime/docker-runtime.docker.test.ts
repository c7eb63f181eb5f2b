// The runtime's container calls on the real engine: labels as the only way in, idempotent
// steps, caps that read back and update in place, and health checks.
import { NO_UPDATABLE_CAPS } from '@gantry/agent-core';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotManagedError } from './docker-errors.js';
import type { DockerRuntime } from './docker-runtime.js';
import { DockerFixture, inspect } from './fixtures/docker-fixture.js';

const MiB = 1024 * 1024;
let fixture: DockerFixture;
let sut: DockerRuntime;

beforeAll(async () => {
  fixture = await DockerFixture.start('runtime');
  sut = fixture.runtime();
}, 60_000);

afterAll(async () => {
  await fixture?.cleanup();
}, 60_000);

describe('DockerRuntime containers', () => {
  it('lists only labelled containers and refuses to stop or remove a foreign one', async () => {
    const foreign = await fixture.docker.createContainer({
      name: uniqueName('gantry-foreign'),
      Image: fixture.image,
      Labels: { 'io.gantry.app': 'looks-like-ours' }, // no managed label: still foreign
      HostConfig: { NetworkMode: 'none', Init: true },
    });
    fixture.trackForeignContainer(foreign.id);
    await foreign.start();
    const appId = fixture.appId();
    const ours = await sut.create(fixture.step(appId, 'app'));

    const current = await sut.readCurrent();

    const ids = current.containers.map((c) => c.id);
    expect(ids).toContain(ours);
    expect(ids).not.toContain(foreign.id);
    await expect(sut.stop(foreign.id, 1_000)).rejects.toThrow(NotManagedError);
    await expect(sut.remove(foreign.id)).rejects.toThrow('is not managed by Gantry');
    await expect(sut.updateCaps(foreign.id, { ...NO_UPDATABLE_CAPS, memoryBytes: 64 * MiB })).rejects.toThrow(NotManagedError);
    expect((await inspect(fixture.docker, foreign.id)).State.Running).toBe(true);
  }, 30_000);

  it('creates and starts a container that reads back running, with its labels and caps', async () => {
    const appId = fixture.appId();
    const step = fixture.step(appId, 'capped', {
      resources: { memoryBytes: 64 * MiB, memoryReservationBytes: 32 * MiB, nanoCpus: 500_000_000, cpuShares: 512, cpusetCpus: '0', pidsLimit: 50 },
    });

    const id = await sut.create(step);
    await sut.start(id);
    const found = (await sut.readCurrent()).containers.find((c) => c.id === id);

    expect(found).toEqual({
      id,
      name: step.name,
      appId,
      service: 'capped',
      releaseId: 'r1',
      configHash: step.configHash,
      image: fixture.image,
      state: 'running',
      health: 'none',
      exitCode: null,
      restartCount: 0,
      caps: {
        memoryBytes: 64 * MiB,
        memoryReservationBytes: 32 * MiB,
        // Left unset, Docker makes memory+swap twice the memory.
        memorySwapBytes: 128 * MiB,
        nanoCpus: 500_000_000,
        cpuShares: 512,
        cpusetCpus: '0',
        pidsLimit: 50,
        blkioWeight: null,
      },
    });
  }, 30_000);

  it('returns the existing container when the same step is created twice', async () => {
    const appId = fixture.appId();
    const step = fixture.step(appId, 'twice');

    const first = await sut.create(step);
    const second = await sut.create(step);

    expect(second).toBe(first);
    const mine = (await sut.readCurrent()).containers.filter((c) => c.appId === appId);
    expect(mine.map((c) => c.id)).toEqual([first]);
  }, 30_000);

  it('refuses a create whose name is taken by a container with another config', async () => {
    const appId = fixture.appId();
    const step = fixture.step(appId, 'clash');
    await sut.create(step);

    await expect(sut.create({ ...step, configHash: 'ffffffffffffffff' })).rejects.toThrow(
      /the name is taken by a Gantry container with config hash [0-9a-f]+, not ffffffffffffffff/,
    );
  }, 30_000);

  it('says to pull first when the image is missing', async () => {
    const appId = fixture.appId();
    const step = fixture.step(appId, 'noimage', { image: `gantry-test/${uniqueName('absent')}:1` });
    await expect(sut.create(step)).rejects.toThrow(`Pull ${step.spec.image} first`);
  });

  it('starts, stops and removes twice without error', async () => {
    const appId = fixture.appId();
    const id = await sut.create(fixture.step(appId, 'idem'));

    await sut.start(id);
    await sut.start(id);
    await sut.stop(id, 1_000);
    await sut.stop(id, 1_000);
    expect((await sut.readCurrent()).containers.find((c) => c.id === id)).toMatchObject({ state: 'exited', exitCode: 143 });
    await sut.remove(id);
    await sut.remove(id);
    await sut.stop(id, 1_000);

    expect((await sut.readCurrent()).containers.some((c) => c.id === id)).toBe(false);
    await expect(sut.start(id)).rejects.toThrow('does not exist');
  }, 30_000);

  it('updates caps in place without restarting, raising memory past the old memory+swap', async () => {
    const appId = fixture.appId();
    const step = fixture.step(appId, 'grow', { resources: { memoryBytes: 64 * MiB, cpuShares: 256, pidsLimit: 20 } });
    const id = await sut.create(step);
    await sut.start(id);
    const before = await inspect(fixture.docker, id);

    // 256 MiB is above the 128 MiB memory+swap Docker set at create: without an explicit
    // MemorySwap Docker would refuse the update.
    await sut.updateCaps(id, { ...NO_UPDATABLE_CAPS, memoryBytes: 256 * MiB, cpuShares: 1024, pidsLimit: 40 });

    const after = await inspect(fixture.docker, id);
    expect(after.HostConfig.Memory).toBe(256 * MiB);
    expect(after.HostConfig.MemorySwap).toBe(512 * MiB);
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
    expect(after.State.Pid).toBe(before.State.Pid);
    const caps = (await sut.readCurrent()).containers.find((c) => c.id === id)?.caps;
    expect(caps).toMatchObject({ memoryBytes: 256 * MiB, memorySwapBytes: 512 * MiB, cpuShares: 1024, pidsLimit: 40 });

    await sut.updateCaps(id, { ...NO_UPDATABLE_CAPS, memoryBytes: 32 * MiB, memorySwapBytes: 32 * MiB });
    expect((await inspect(fixture.docker, id)).HostConfig).toMatchObject({ Memory: 32 * MiB, MemorySwap: 32 * MiB });
  }, 30_000);

  it('reports a health check going healthy', async () => {
    const appId = fixture.appId();
    const step = fixture.step(appId, 'healthy', {
      command: ['sh', '-c', 'sleep 0.5; touch /tmp/ok; exec sleep 3600'],
      healthcheck: { test: ['CMD-SHELL', 'test -f /tmp/ok'], intervalMs: 200, timeoutMs: 1_000, retries: 3 },
    });
    const id = await sut.create(step);
    await sut.start(id);

    const health = await pollUntil(
      async () => {
        const container = (await sut.readCurrent()).containers.find((c) => c.id === id);
        return container?.health === 'healthy' && container.health;
      },
      { timeoutMs: 15_000, what: 'the container to turn healthy' },
    );

    expect(health).toBe('healthy');
  }, 30_000);
});

