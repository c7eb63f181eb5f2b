// Pulling an image: credentials by registry host, progress summed over layers, and errors
// that say which image, which registry, and what to check.
import type { PullProgress } from '@gantry/agent-core';
import { parseImageRef, type ImageRef } from '@gantry/app-spec';
import type Docker from 'dockerode';
import { dockerMessage, hasStatus, PullError } from './docker-errors.js';
import { destroyStream, jsonLines, onAbort } from './json-lines.js';
import { ProgressLineSchema, PullProgressTracker } from './pull-progress.js';

/** A user name and password (or token) for one registry. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** Credentials by registry host as written in image references (`registry.example.com:5000`, `docker.io`). */
export type RegistryAuth = Readonly<Record<string, RegistryCredentials>>;

/** The host Docker pulls from for an image without a registry part. */
export const DOCKER_HUB = 'docker.io';

// Docker Hub answers to several names; credentials saved under any of them apply.
const HUB_ALIASES = [DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io'];

/** The registry host an image comes from. */
export function registryOf(ref: ImageRef): string {
  return ref.registry ?? DOCKER_HUB;
}

/** The credentials for a registry host, if any (Docker Hub under any of its names). */
export function credentialsFor(auth: RegistryAuth, registry: string): RegistryCredentials | undefined {
  const names = HUB_ALIASES.includes(registry) ? HUB_ALIASES : [registry];
  for (const name of names) {
    const found = auth[name];
    if (found) return found;
  }
  return undefined;
}

/**
 * Pulls `image`. A reference pinned by tag and digest is pulled by digest (Docker drops the
 * tag of such a pull) and then tagged locally, so `repo:tag@digest` reads back as present.
 */
export async function pullImage(
  docker: Docker,
  image: string,
  auth: RegistryAuth,
  onProgress?: (progress: PullProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const parsed = parseImageRef(image);
  if (!parsed.ok) throw new PullError(image, 'unknown', `cannot pull ${JSON.stringify(image)}: ${parsed.message}`);
  const ref = parsed.value;
  const registry = registryOf(ref);
  const credentials = credentialsFor(auth, registry);
  const name = ref.registry === null ? ref.repository : `${ref.registry}/${ref.repository}`;
  const authconfig = credentials && {
    username: credentials.username,
    password: credentials.password,
    serveraddress: HUB_ALIASES.includes(registry) ? 'https://index.docker.io/v1/' : registry,
  };
  signal?.throwIfAborted();

  const tracker = new PullProgressTracker(image);
  try {
    const query = { fromImage: name, tag: ref.digest ?? ref.tag ?? 'latest', ...(signal ? { abortSignal: signal } : {}) };
    const stream = await docker.createImage(authconfig, query);
    const unsubscribe = onAbort(signal, () => destroyStream(stream));
    try {
      for await (const value of jsonLines(stream)) {
        const line = ProgressLineSchema.parse(value);
        // A pull can fail after it started (a layer denied, a digest mismatch): Docker
        // then sends an error line in a 200 response instead of an HTTP error.
        if (line.error !== undefined) throw new PullError(image, registry, pullFailure(image, registry, line.error, credentials !== undefined));
        onProgress?.(tracker.update(line));
      }
    } finally {
      unsubscribe();
    }
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof PullError) throw error;
    const reason = dockerMessage(error);
    throw new PullError(image, registry, pullFailure(image, registry, reason, credentials !== undefined, error), { cause: error });
  }
  signal?.throwIfAborted();
  if (ref.tag !== null && ref.digest !== null) {
    await docker.getImage(`${name}@${ref.digest}`).tag({ repo: name, tag: ref.tag });
  }
}

/** A pull failure in words that say what to check next. */
export function pullFailure(image: string, registry: string, reason: string, hasCredentials: boolean, error?: unknown): string {
  const start = `cannot pull ${image} from registry ${registry}: ${reason}.`;
  const login = hasCredentials
    ? `check the credentials configured for ${registry}`
    : `no credentials are configured for ${registry}; add them to the agent's registryAuth if it is private`;
  if (hasStatus(error, 404) || /not found|manifest unknown/i.test(reason)) {
    return `${start} Check that the repository and tag (or digest) are spelled as pushed and exist on ${registry}; if the repository is private, ${login}.`;
  }
  if (/unauthorized|denied|authentication required|forbidden/i.test(reason)) {
    return `${start} The registry refused access: ${login}.`;
  }
  if (/dial tcp|connection refused|no such host|timeout|i\/o timeout|network is unreachable|TLS|x509|http: server gave HTTP response/i.test(reason)) {
    return `${start} The registry could not be reached: check the gateway's network, DNS and the registry address (and TLS setup).`;
  }
  return start;
}
