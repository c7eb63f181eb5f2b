import { readFile } from 'node:fs/promises';
import { GatewayPolicySchema, parseCpus, parseDuration, parseSize } from '@gantry/app-spec';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Where the agent looks for its config file when none is named. */
export const DEFAULT_CONFIG_PATH = '/etc/gantry/agent.yaml';

const size = z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
  const parsed = parseSize(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  return parsed.ok ? parsed.value : 0;
});
const cpus = z.union([z.number().nonnegative(), z.string()]).transform((value, ctx) => {
  const parsed = parseCpus(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  return parsed.ok ? parsed.value : 0;
});
const duration = (fallback: string, { allowsZero = false } = {}) =>
  z
    .union([allowsZero ? z.number().int().nonnegative() : z.number().int().positive(), z.string()])
    .default(fallback)
    .transform((value, ctx) => {
      if (typeof value === 'number') return value;
      const parsed = parseDuration(value);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
      return parsed.ok ? parsed.value : 0;
    });

/** The agent's configuration file (YAML or JSON); every field has a default. */
export const AgentConfigSchema = z.strictObject({
  /** Where the agent keeps its state, outbox and control socket. */
  dataDir: z.string().startsWith('/', 'must be an absolute path').default('/var/lib/gantry'),
  /**
   * Which agent owns a container: the value of its `io.gantry.managed` label. One gateway
   * runs one agent (`default`); tests and simulators run several on one engine apart.
   */
  instance: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - or _').default('default'),
  /** Docker Engine socket. */
  dockerSocket: z.string().default('/var/run/docker.sock'),
  /** Kept back for the gateway's own functions: allocatable = detected capacity − reserve. */
  reserve: z
    .strictObject({ memory: size.prefault('256Mi'), cpus: cpus.prefault('0.25'), pids: z.int().nonnegative().default(512) })
    .prefault({}),
  /** What manifests may ask for on this gateway; everything absent is refused. */
  policy: GatewayPolicySchema.partial().prefault({}),
  /** `kill-then-download` for gateways short of disk. */
  updateStrategy: z.enum(['download-then-kill', 'kill-then-download']).default('download-then-kill'),
  /** How often to look for drift the event stream missed. */
  resyncInterval: duration('30s'),
  /**
   * How often to sample resource use for the cloud (cloud mode only); `0s` turns it off. The
   * default keeps an idle gateway's telemetry under 1 KB a minute on the wire.
   */
  telemetryInterval: duration('60s', { allowsZero: true }).refine((ms) => ms === 0 || (ms >= 1_000 && ms <= 86_400_000), 'must be 0s (off) or from 1s to 24h'),
  /** How long a new release may take to become healthy before the agent rolls back (local mode). */
  healthyWithin: duration('2m'),
  /** Credentials for private registries, by registry host (`registry.example.com:5000`). */
  registries: z.record(z.string(), z.strictObject({ username: z.string(), password: z.string() })).default({}),
  /** Events kept for the cloud while it is away; the oldest telemetry goes first. */
  outboxLimit: z.int().min(100).default(10_000),
});

/** The agent's configuration, with defaults filled in and units canonical (bytes, nano-CPUs, ms). */
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

/** Environment variables that override the file, for containers and tests. */
const ENV_OVERRIDES = {
  GANTRY_DATA_DIR: 'dataDir',
  GANTRY_DOCKER_SOCKET: 'dockerSocket',
  GANTRY_INSTANCE: 'instance',
  GANTRY_UPDATE_STRATEGY: 'updateStrategy',
  GANTRY_RESYNC_INTERVAL: 'resyncInterval',
  GANTRY_HEALTHY_WITHIN: 'healthyWithin',
  GANTRY_TELEMETRY_INTERVAL: 'telemetryInterval',
} as const;

/** A config file that could not be used, with what is wrong and where. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Loads the config: the file (a missing default file means all defaults; a missing named
 * file is an error), then `GANTRY_*` environment overrides, validated as a whole.
 */
export async function loadConfig(path?: string, env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  const file = path ?? env['GANTRY_CONFIG'] ?? DEFAULT_CONFIG_PATH;
  let raw: unknown = {};
  try {
    const text = await readFile(file, 'utf8');
    raw = parseYaml(text) ?? {};
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    if (!missing || path !== undefined || env['GANTRY_CONFIG'] !== undefined) {
      throw new ConfigError(`cannot read config ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${file}: the config must be a mapping of settings`);
  const merged: Record<string, unknown> = { ...raw };
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = AgentConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new ConfigError(`${file}: invalid config\n${lines.join('\n')}`);
  }
  return parsed.data;
}
