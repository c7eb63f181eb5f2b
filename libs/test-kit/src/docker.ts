import Docker from 'dockerode';

/**
 * A Docker client for tests, on `DOCKER_HOST` when set, else the local socket. Fails with
 * what to do when no engine answers, instead of a bare ECONNREFUSED deep in a test.
 */
export async function connectDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `no Docker engine answers (${reason}). Start one with \`bash scripts/engines.sh\` ` +
        '(it installs docker.io with apt when run as root), or run the whole suite with `npm test`.',
    );
  }
  return docker;
}

/** Waits for a dockerode progress stream (pull, push, import) to end; rejects on an error line. */
export async function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onProgress?: (event: DockerProgressEvent) => void,
): Promise<DockerProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: DockerProgressEvent[]) => {
        if (error) return reject(error);
        const failed = output.find((event) => event.error);
        if (failed) return reject(new Error(failed.error));
        resolve(output);
      },
      onProgress,
    );
  });
}

/** One line of the Engine API's JSON progress stream. */
export interface DockerProgressEvent {
  status?: string;
  id?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

/** Removes an image by reference; an image that is already gone is not an error. */
export async function removeImage(docker: Docker, reference: string): Promise<void> {
  try {
    await docker.getImage(reference).remove({ force: true });
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
}

/** True for the Engine API's 404, which idempotent cleanups treat as success. */
export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 404;
}

/** Removes every container, network and volume that carries `label` (`key=value`), e.g. a test agent's instance. */
export async function removeLabelled(docker: Docker, label: string): Promise<void> {
  const filters = { label: [label] };
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
  const { Volumes } = await docker.listVolumes({ filters });
  for (const v of Volumes ?? []) await docker.getVolume(v.Name).remove({ force: true });
}
