import * as z from 'zod/mini';
import { createDockerClient } from '../../runtime/docker-client.js';
import type { DoctorCheck } from '../runner.js';
import { fail, ok, warn, type CheckFinding } from '../report.js';

/** The oldest Docker Engine the agent supports: API 1.41, cgroup v2, `docker update` of every cap it uses. */
export const MIN_ENGINE_VERSION: readonly [number, number] = [20, 10];

// Only the fields the check reads; `info()` is untyped in @types/dockerode.
const InfoSchema = z.looseObject({
  CgroupDriver: z.optional(z.string()),
  CgroupVersion: z.optional(z.string()),
  Warnings: z.optional(z.nullable(z.array(z.string()))),
});

/** Docker Engine answers on the configured socket and is recent enough. */
export const dockerCheck: DoctorCheck = {
  name: 'docker',
  title: 'Docker Engine',
  async run(ctx, signal) {
    const socket = ctx.config.dockerSocket;
    // docker-modem's timeout ends a hung request even after the runner has given up on it.
    const docker = createDockerClient({ socketPath: socket, timeout: 4000 });
    try {
      await docker.ping();
    } catch (error) {
      return unreachable(socket, error);
    }
    signal.throwIfAborted();
    const [version, rawInfo] = await Promise.all([docker.version(), docker.info()]);
    const info = InfoSchema.parse(rawInfo);
    const facts = {
      socket,
      engineVersion: version.Version,
      apiVersion: version.ApiVersion,
      cgroupDriver: info.CgroupDriver ?? null,
      cgroupVersion: info.CgroupVersion ?? null,
    };
    const found = `Docker Engine ${version.Version} (API ${version.ApiVersion}) on ${socket}, cgroup driver ${info.CgroupDriver ?? 'unknown'}`;
    const engine = parseVersion(version.Version);
    const minimum = MIN_ENGINE_VERSION.join('.');
    if (engine === undefined) return warn(`${found}; cannot read the engine version`, `make sure the engine is Docker ${minimum} or newer`, facts);
    if (compareVersions(engine, MIN_ENGINE_VERSION) < 0) {
      return fail(`${found}; the agent needs Docker Engine ${minimum} or newer`, `upgrade Docker Engine to ${minimum} or newer`, facts);
    }
    const warnings = info.Warnings ?? [];
    if (warnings.length > 0) {
      return warn(`${found}; Docker warns: ${warnings.join('; ')}`, 'read the warnings: the cgroup checks here explain the ones about caps', { ...facts, warnings });
    }
    return ok(found, facts);
  },
};

function unreachable(socket: string, error: unknown): CheckFinding {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const facts = { socket, error: message };
  const elsewhere = 'or set dockerSocket in the agent config (or GANTRY_DOCKER_SOCKET) to where its socket is';
  switch (code) {
    case 'ENOENT':
      return fail(`no Docker socket at ${socket}`, `install and start Docker Engine (\`systemctl start docker\`), ${elsewhere}`, facts);
    case 'ECONNREFUSED':
      return fail(`nothing listens on ${socket}`, `start Docker Engine: \`systemctl start docker\`; \`journalctl -u docker\` says why it stopped`, facts);
    case 'EACCES':
      return fail(`permission denied on ${socket}`, 'run gantry-agent as root (or as a member of the docker group)', facts);
    default:
      return fail(`Docker does not answer on ${socket}: ${message}`, 'look at `systemctl status docker` and `journalctl -u docker`', facts);
  }
}

/** `20.10.24+dfsg1` -> [20, 10]; undefined when the text does not start with major.minor. */
export function parseVersion(text: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** Negative, zero or positive as `a` is older than, the same as, or newer than `b`. */
export function compareVersions(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}
