import { resolve } from 'node:path';
import { z } from 'zod';

/** Where the controller keeps its rows: a SQLite file (default) or PostgreSQL (several replicas). */
export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

/** Which broker carries gateway traffic: the embedded aedes broker, or an external one. */
export type MqttConfig =
  | {
      mode: 'embedded';
      host: string;
      /** TCP port of the embedded broker; 0 picks a free one (tests). */
      port: number;
      /** Path of MQTT over WebSocket on the HTTP server. */
      wsPath: string;
    }
  | {
      mode: 'external';
      /** `mqtt://user:pass@host:port`: the controller's own session on the external broker. */
      url: string;
      /** Shared-subscription group every replica joins, so each message reaches one replica. */
      shareGroup: string;
    };

/** The controller's configuration: loaded and validated once at start, then passed down. */
export interface ControllerConfig {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  mqtt: MqttConfig;
  /** Password of the controller's own MQTT identity (`gantry-controller`); generated into the data dir when unset. */
  mqttServicePassword: string | undefined;
  /** The admin's first password; generated and printed once when unset. */
  adminPassword: string | undefined;
  retention: { eventsDays: number; telemetryDays: number; telemetryPerDevice: number };
  /** How often desired states not yet acknowledged are published again. */
  republishIntervalMs: number;
  /** How often rollouts are checked for their next wave. */
  rolloutTickMs: number;
  /** The controller's URL as gateways and people reach it; derived from each request when unset. */
  publicUrl: string | undefined;
  /** Broker URLs handed to gateways at enrollment; derived from the broker and the request when unset. */
  mqttPublicUrls: string[] | undefined;
}

const port = z.coerce.number().int().min(0).max(65_535);
const positive = z.coerce.number().int().min(1);

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8080),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset to use SQLite in DATA_DIR)')
    .optional(),
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?):\/\//, 'MQTT_URL must start with mqtt://, mqtts://, ws:// or wss:// (leave it unset for the embedded broker)')
    .optional(),
  MQTT_HOST: z.string().min(1).optional(),
  MQTT_PORT: port.default(1883),
  MQTT_WS_PATH: z.string().regex(/^\/[A-Za-z0-9/_-]*$/, 'MQTT_WS_PATH must be a URL path like /mqtt').default('/mqtt'),
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/).default('gantry-controller'),
  MQTT_SERVICE_PASSWORD: z.string().min(16, 'MQTT_SERVICE_PASSWORD must be at least 16 characters').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must be at least 12 characters').optional(),
  EVENT_RETENTION_DAYS: positive.default(14),
  TELEMETRY_RETENTION_DAYS: positive.default(3),
  TELEMETRY_MAX_PER_DEVICE: positive.default(20_000),
  REPUBLISH_INTERVAL_MS: positive.default(30_000),
  ROLLOUT_TICK_MS: positive.default(2_000),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http(s) URL like https://gantry.example.com' }).optional(),
  MQTT_PUBLIC_URLS: z
    .string()
    .transform((list) => list.split(',').map((url) => url.trim()).filter((url) => url !== ''))
    .pipe(z.array(z.string().regex(/^(mqtts?|wss?):\/\//, 'each of MQTT_PUBLIC_URLS must start with mqtt://, mqtts://, ws:// or wss://')).min(1))
    .optional(),
});

/** Thrown when the environment does not describe a usable configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from environment variables (see README for the list). */
export function loadConfig(env: NodeJS.ProcessEnv): ControllerConfig {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid controller configuration: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  const dataDir = resolve(value.DATA_DIR);
  return {
    host: value.HOST,
    port: value.PORT,
    dataDir,
    database: value.DATABASE_URL === undefined ? { type: 'sqlite', path: resolve(dataDir, 'gantry.db') } : { type: 'postgres', url: value.DATABASE_URL },
    mqtt:
      value.MQTT_URL === undefined
        ? { mode: 'embedded', host: value.MQTT_HOST ?? value.HOST, port: value.MQTT_PORT, wsPath: value.MQTT_WS_PATH }
        : { mode: 'external', url: value.MQTT_URL, shareGroup: value.MQTT_SHARE_GROUP },
    mqttServicePassword: value.MQTT_SERVICE_PASSWORD,
    adminPassword: value.ADMIN_PASSWORD,
    retention: { eventsDays: value.EVENT_RETENTION_DAYS, telemetryDays: value.TELEMETRY_RETENTION_DAYS, telemetryPerDevice: value.TELEMETRY_MAX_PER_DEVICE },
    republishIntervalMs: value.REPUBLISH_INTERVAL_MS,
    rolloutTickMs: value.ROLLOUT_TICK_MS,
    publicUrl: value.PUBLIC_URL?.replace(/\/+$/, ''),
    mqttPublicUrls: value.MQTT_PUBLIC_URLS,
  };
}
