import { buildBusyboxImage, connectDocker, followProgress, removeImage, startRegistry, uniqueName, type LocalRegistry } from '@gantry/test-kit';
import type Docker from 'dockerode';

/** Images pushed to a local registry and removed locally, so an agent has to pull them. */
export interface RegistryImages {
  docker: Docker;
  registry: LocalRegistry;
  /** Builds an image (its content follows `marker`), pushes it, removes the local copy; returns its reference. */
  publish(tag: string, marker?: string): Promise<string>;
  dispose(): Promise<void>;
}

/** A local registry and a repository in it for one test file. */
export async function registryImages(): Promise<RegistryImages> {
  const docker = await connectDocker();
  const registry = await startRegistry();
  const repo = `gantry-test/${uniqueName('app')}`;
  const made = new Set<string>();
  return {
    docker,
    registry,
    async publish(tag, marker = tag) {
      const local = await buildBusyboxImage(docker, { repo, tag, marker, cmd: ['sleep', '3600'] });
      const remote = `${registry.host}/${repo}:${tag}`;
      made.add(remote);
      await docker.getImage(local).tag({ repo: `${registry.host}/${repo}`, tag });
      await followProgress(docker, await docker.getImage(remote).push({ authconfig: {} }));
      await removeImage(docker, local);
      await removeImage(docker, remote);
      return remote;
    },
    async dispose() {
      for (const reference of made) await removeImage(docker, reference);
      await registry.stop();
    },
  };
}
