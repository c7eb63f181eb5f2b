import { resolve } from 'node:path';
import { z } from 'zod';

/** Where the controller keeps its rows: a SQLite file (default) or PostgreSQL (several replicas). */
export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

/** The controller's configuration: loaded and validated once at start, then passed down. */
export interface ControllerConfig {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
}

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset to use SQLite in DATA_DIR)')
    .optional(),
});

/** Thrown when the environment does not describe a usable configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from environment variables (HOST, PORT, DATA_DIR, DATABASE_URL). */
export function loadConfig(env: NodeJS.ProcessEnv): ControllerConfig {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid controller configuration: ${problems.join('; ')}`);
  }
  const { HOST, PORT, DATA_DIR, DATABASE_URL } = parsed.data;
  const dataDir = resolve(DATA_DIR);
  return {
    host: HOST,
    port: PORT,
    dataDir,
    database: DATABASE_URL === undefined ? { type: 'sqlite', path: resolve(dataDir, 'gantry.db') } : { type: 'postgres', url: DATABASE_URL },
  };
}
