// Pulls from a real registry on loopback: progress, presence by tag and by digest, and the
// error a missing image gives.
import type { PullProgress } from '@gantry/agent-core';
import { followProgress, removeImage, startRegistry, uniqueName, type LocalRegistry } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullError } from './docker-errors.js';
import type { DockerRuntime } from './docker-runtime.js';
import { DockerFixture } from './fixtures/docker-fixture.js';

let fixture: DockerFixture;
let registry: LocalRegistry;
let sut: DockerRuntime;
let remoteRepo: string;
let digest: string;

beforeAll(async () => {
  fixture = await DockerFixture.start('pull');
  registry = await startRegistry();
  sut = fixture.runtime({ registryAuth: { [registry.host]: { username: 'unused', password: 'unused' } } });
  // Push the fixture image to the registry, then drop the local copy under that name.
  remoteRepo = `${registry.host}/gantry-test/${uniqueName('pulled')}`;
  fixture.trackImage(`${remoteRepo}:1`);
  await fixture.docker.getImage(fixture.image).tag({ repo: remoteRepo, tag: '1' });
  const pushed = await followProgress(fixture.docker, await fixture.docker.getImage(`${remoteRepo}:1`).push({ authconfig: {} }));
  const found = pushed.find((event) => event.aux?.Digest)?.aux?.Digest;
  if (found === undefined) throw new Error('the push reported no digest');
  digest = found;
  fixture.trackImage(`${remoteRepo}@${digest}`);
  // Nothing local may hold the image's layer, or a pull only fetches the manifest.
  await removeImage(fixture.docker, fixture.image);
}, 60_000);

afterAll(async () => {
  await fixture?.cleanup();
  await registry?.stop();
}, 60_000);

async function dropLocalCopies(): Promise<void> {
  await removeImage(fixture.docker, `${remoteRepo}:1`);
  await removeImage(fixture.docker, `${remoteRepo}@${digest}`);
}

describe('DockerRuntime.pull', () => {
  it('pulls from the registry with progress and makes the image present', async () => {
    await dropLocalCopies();
    expect((await sut.readCurrent()).images.has(`${remoteRepo}:1`)).toBe(false);
    const seen: PullProgress[] = [];

    await sut.pull(`${remoteRepo}:1`, (progress) => seen.push(progress));

    const last = seen.at(-1);
    expect(last?.image).toBe(`${remoteRepo}:1`);
    expect(last?.status).toMatch(/^Status: Downloaded newer image/);
    expect(last?.layersTotal).toBeGreaterThanOrEqual(1);
    expect(last?.layersDone).toBe(last?.layersTotal);
    expect(last?.totalBytes).toBeGreaterThan(0);
    expect(last?.currentBytes).toBe(last?.totalBytes);
    expect(seen.some((p) => p.status === 'Downloading')).toBe(true);
    const { images } = await sut.readCurrent();
    expect(images.has(`${remoteRepo}:1`)).toBe(true);
    expect(images.has(`${remoteRepo}@${digest}`)).toBe(true);
    expect(images.has(`${remoteRepo}:1@${digest}`)).toBe(true);
  }, 60_000);

  it('pulls an image pinned by tag and digest so that reference reads back as present', async () => {
    await dropLocalCopies();

    await sut.pull(`${remoteRepo}:1@${digest}`);

    expect((await sut.readCurrent()).images.has(`${remoteRepo}:1@${digest}`)).toBe(true);
  }, 60_000);

  it('fails on a missing tag, naming the image and registry and what to check', async () => {
    const missing = `${remoteRepo}:does-not-exist`;

    const error: unknown = await sut.pull(missing).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PullError);
    expect(error).toMatchObject({ image: missing, registry: registry.host });
    expect((error as PullError).message).toMatch(
      new RegExp(`^cannot pull ${escape(missing)} from registry ${escape(registry.host)}: .*not found.*Check that the repository and tag`),
    );
  }, 30_000);

  it('fails with a network hint when the registry does not answer', async () => {
    await expect(sut.pull('127.0.0.1:1/gantry-test/nothing:1')).rejects.toThrow(/could not be reached/);
  }, 30_000);

  it('stops a pull when the signal aborts', async () => {
    await dropLocalCopies();
    const controller = new AbortController();
    controller.abort();
    await expect(sut.pull(`${remoteRepo}:1`, undefined, controller.signal)).rejects.toThrow(/abort/i);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
