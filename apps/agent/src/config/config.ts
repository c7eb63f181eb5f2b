import { readFile } from 'node:fs/promises';
import { GatewayPolicySchema, parseCpus, parseDuration, parseSize, type QuantityResult } from '@gantry/app-spec';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod/mini';

/** Where the agent looks for its config file when none is named. */
export const DEFAULT_CONFIG_PATH = '/etc/gantry/agent.yaml';

/** A number, or a string in the unit's notation (`256Mi`, `0.5`, `30s`), made canonical by `parse`. */
const inUnits = (number: z.ZodMiniNumber<number>, parse: (value: unknown) => QuantityResult) =>
  z.pipe(
    z.union([number, z.string()]),
    z.transform((value: number | string, ctx) => {
      const parsed = parse(value);
      if (!parsed.ok) ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
      return parsed.ok ? parsed.value : 0;
    }),
  );
const size = inUnits(z.int().check(z.nonnegative()), parseSize);
const cpus = inUnits(z.number().check(z.nonnegative()), parseCpus);
const duration = (fallback: string, { allowsZero = false } = {}) =>
  z.prefault(inUnits(z.int().check(allowsZero ? z.nonnegative() : z.positive()), parseDuration), fallback);

/** The agent's configuration file (YAML or JSON); every field has a default. */
export const AgentConfigSchema = z.strictObject({
  /** Where the agent keeps its state, outbox and control socket. */
  dataDir: z._default(z.string().check(z.startsWith('/', 'must be an absolute path')), '/var/lib/gantry'),
  /**
   * Which agent owns a container: the value of its `io.gantry.managed` label. One gateway
   * runs one agent (`default`); tests and simulators run several on one engine apart.
   */
  instance: z._default(z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - or _')), 'default'),
  /** Docker Engine socket. */
  dockerSocket: z._default(z.string(), '/var/run/docker.sock'),
  /** Kept back for the gateway's own functions: allocatable = detected capacity − reserve. */
  reserve: z.prefault(
    z.strictObject({ memory: z.prefault(size, '256Mi'), cpus: z.prefault(cpus, '0.25'), pids: z._default(z.int().check(z.nonnegative()), 512) }),
    {},
  ),
  /** What manifests may ask for on this gateway; everything absent is refused. */
  policy: z.prefault(z.partial(GatewayPolicySchema), {}),
  /** `kill-then-download` for gateways short of disk. */
  updateStrategy: z._default(z.enum(['download-then-kill', 'kill-then-download']), 'download-then-kill'),
  /** How often to look for drift the event stream missed. */
  resyncInterval: duration('30s'),
  /**
   * How often to sample resource use for the cloud (cloud mode only); `0s` turns it off. The
   * default keeps an idle gateway's telemetry under 1 KB a minute on the wire.
   */
  telemetryInterval: duration('60s', { allowsZero: true }).check(
    z.refine((ms) => ms === 0 || (ms >= 1_000 && ms <= 86_400_000), 'must be 0s (off) or from 1s to 24h'),
  ),
  /** How long a new release may take to become healthy before the agent rolls back (local mode). */
  healthyWithin: duration('2m'),
  /** Credentials for private registries, by registry host (`registry.example.com:5000`). */
  registries: z._default(z.record(z.string(), z.strictObject({ username: z.string(), password: z.string() })), {}),
  /** Events kept for the cloud while it is away; the oldest telemetry goes first. */
  outboxLimit: z._default(z.int().check(z.gte(100)), 10_000),
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
  let fileRead = false;
  try {
    const text = await readFile(file, 'utf8');
    fileRead = true;
    raw = parseYaml(text) ?? {};
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    if (fileRead) throw new ConfigError(`${file} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
    if (!missing || path !== undefined || env['GANTRY_CONFIG'] !== undefined) {
      throw new ConfigError(`cannot read config ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${file}: the config must be a mapping of settings`);
  const merged: Record<string, unknown> = { ...raw };
  const fromEnv = new Map<string, string>();
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      merged[key] = value;
      fromEnv.set(key, name);
    }
  }
  const parsed = AgentConfigSchema.safeParse(merged);
  if (!parsed.success) {
    // Say where each bad value came from: the file, or the variable that overrode it.
    const variable = (issue: z.core.$ZodIssue) => fromEnv.get(String(issue.path[0]));
    const lines = parsed.error.issues.map((issue) => {
      const name = variable(issue);
      return `  ${issue.path.join('.') || '(top)'}${name === undefined ? '' : ` (from ${name})`}: ${issue.message}`;
    });
    const inFile = fileRead && parsed.error.issues.some((issue) => variable(issue) === undefined);
    throw new ConfigError(`${inFile ? `${file}: invalid config` : 'invalid config from the environment'}\n${lines.join('\n')}`);
  }
  return parsed.data;
}
