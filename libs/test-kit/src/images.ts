import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { followProgress } from './docker.js';

/** Where Debian's busybox-static installs its binary. */
const BUSYBOX = process.env['GANTRY_BUSYBOX'] ?? '/bin/busybox';

/** What {@link buildBusyboxImage} makes. */
export interface BusyboxImageOptions {
  /** Repository, e.g. `gantry-test/busybox`. */
  repo: string;
  /** Tag, e.g. `1`. */
  tag: string;
  /**
   * Written to `/etc/gantry-image` inside the image. Different markers give images with
   * different content and digests, which tests of image updates need.
   */
  marker?: string;
  /** Default command (Dockerfile CMD). */
  cmd?: string[];
}

/**
 * Builds a real, tiny image with no network: a root filesystem holding Debian's static
 * busybox and a symlink for each applet, imported through the Engine API
 * (`docker import`). Returns the image reference `repo:tag`.
 */
export async function buildBusyboxImage(docker: Docker, options: BusyboxImageOptions): Promise<string> {
  const { repo, tag, marker = `${repo}:${tag}`, cmd = ['/bin/sh'] } = options;
  const stream = await docker.importImage(rootfsTar(marker), {
    repo,
    tag,
    changes: `CMD ${JSON.stringify(cmd)}`,
  });
  await followProgress(docker, stream);
  return `${repo}:${tag}`;
}

function rootfsTar(marker: string): NodeJS.ReadableStream {
  const tar = pack();
  const mtime = new Date(0); // fixed, so the same marker gives the same layer bytes
  for (const dir of ['bin', 'dev', 'etc', 'proc', 'sys', 'root', 'var', 'data']) {
    tar.entry({ name: dir, type: 'directory', mode: 0o755, mtime });
  }
  tar.entry({ name: 'tmp', type: 'directory', mode: 0o1777, mtime });
  tar.entry({ name: 'bin/busybox', mode: 0o755, mtime }, readFileSync(BUSYBOX));
  for (const applet of applets()) {
    if (applet === 'busybox') continue;
    tar.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mtime });
  }
  const text = (name: string, body: string) => tar.entry({ name, mode: 0o644, mtime }, body);
  text('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  text('etc/group', 'root:x:0:\nnogroup:x:65534:\n');
  text('etc/gantry-image', `${marker}\n`);
  tar.finalize();
  // tar-stream packs into a streamx stream; the Docker modem wants a Node stream.
  return Readable.from(tar);
}

function applets(): string[] {
  return execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[a-z0-9_.[-]+$/i.test(line));
}
