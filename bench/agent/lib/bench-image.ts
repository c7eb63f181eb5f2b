// The image every benchmark runs: Debian's static busybox imported offline, `sleep 3600`.
import { buildBusyboxImage, removeImage, uniqueName } from '@gantry/test-kit';
import type Docker from 'dockerode';
import type { Cleanup } from './cleanup.js';

/** Builds a local image (so nothing is pulled) and registers its removal; returns `repo:tag`. */
export async function benchImage(docker: Docker, cleanup: Cleanup): Promise<string> {
  const image = await buildBusyboxImage(docker, { repo: `gantry-bench/${uniqueName('sleep')}`, tag: '1', cmd: ['sleep', '3600'] });
  cleanup.add(`image ${image}`, () => removeImage(docker, image));
  return image;
}
