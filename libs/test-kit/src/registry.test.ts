import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, followProgress, isNotFound, removeImage } from './docker.js';
import { buildBusyboxImage } from './images.js';
import { uniqueName } from './names.js';
import { startRegistry, type LocalRegistry } from './registry.js';

describe('offline images and the local registry', () => {
  let docker: Docker;
  let registry: LocalRegistry;
  const repo = `gantry-test/${uniqueName('busybox')}`;
  const cleanup: string[] = [];

  beforeAll(async () => {
    docker = await connectDocker();
    registry = await startRegistry();
  }, 30_000);

  afterAll(async () => {
    for (const reference of cleanup) await removeImage(docker, reference);
    await registry?.stop();
  });

  async function runOnce(image: string, cmd: string[]): Promise<string> {
    const container = await docker.createContainer({
      Image: image,
      Cmd: cmd,
      HostConfig: { NetworkMode: 'none', AutoRemove: false },
    });
    try {
      await container.start();
      await container.wait();
      const logs = await container.logs({ stdout: true, stderr: true });
      // Non-TTY logs are multiplexed: an 8-byte header before each frame.
      return demux(logs);
    } finally {
      await container.remove({ force: true });
    }
  }

  it('pushes an image built offline, removes the local copy and pulls it back', async () => {
    const local = await buildBusyboxImage(docker, { repo, tag: '1', marker: 'first' });
    const remote = `${registry.host}/${repo}:1`;
    cleanup.push(local, remote);

    await docker.getImage(local).tag({ repo: `${registry.host}/${repo}`, tag: '1' });
    const pushed = await followProgress(docker, await docker.getImage(remote).push({ authconfig: {} }));
    const digest = pushed.find((event) => event.aux?.Digest)?.aux?.Digest;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const catalog = (await (await fetch(`http://${registry.host}/v2/_catalog`)).json()) as { repositories: string[] };
    expect(catalog.repositories).toContain(repo);

    await removeImage(docker, remote);
    await removeImage(docker, local);
    const gone = await docker.getImage(remote).inspect().catch((error: unknown) => error);
    expect(isNotFound(gone)).toBe(true);

    await followProgress(docker, await docker.pull(remote));
    const pulled = await docker.getImage(remote).inspect();
    expect(pulled.RepoDigests).toContain(`${registry.host}/${repo}@${digest}`);
    expect(await runOnce(remote, ['cat', '/etc/gantry-image'])).toBe('first\n');
  }, 120_000);

  it('builds images whose content follows the marker', async () => {
    const a = await buildBusyboxImage(docker, { repo, tag: 'a', marker: 'alpha' });
    const b = await buildBusyboxImage(docker, { repo, tag: 'b', marker: 'beta' });
    cleanup.push(a, b);
    const [ia, ib] = await Promise.all([docker.getImage(a).inspect(), docker.getImage(b).inspect()]);
    expect(ia.RootFS.Layers).not.toEqual(ib.RootFS.Layers);
    expect(await runOnce(b, ['sh', '-c', 'cat /etc/gantry-image; id -u'])).toBe('beta\n0\n');
  }, 60_000);
});

function demux(buffer: Buffer): string {
  let out = '';
  for (let offset = 0; offset + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(offset + 4);
    out += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return out;
}
