import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnrollResponseSchema } from '@gantry/protocol/enrollment';
import * as z from 'zod/mini';
import { writeFileDurably } from '../store/durable-file.js';

/**
 * What enrollment gave this gateway, kept in `<dataDir>/identity.json` (mode 0600: it
 * holds the gateway's MQTT secret). Its presence switches the agent from local mode to
 * cloud mode.
 */
export const IdentitySchema = z.strictObject({
  /** The controller the gateway enrolled with, e.g. `https://gantry.example.com`. */
  controllerUrl: z.url({ protocol: /^https?$/ }),
  deviceId: EnrollResponseSchema.shape.deviceId,
  name: z.string(),
  labels: EnrollResponseSchema.shape.labels,
  mqtt: EnrollResponseSchema.shape.mqtt,
  enrolledAt: z.iso.datetime(),
});
/** The gateway's identity and credentials from enrollment. */
export type Identity = z.infer<typeof IdentitySchema>;

/** An identity file that exists but cannot be used. */
export class IdentityFileError extends Error {
  override readonly name = 'IdentityFileError';
}

/** The identity file already exists: this gateway is enrolled. */
export class AlreadyEnrolledError extends Error {
  override readonly name = 'AlreadyEnrolledError';

  constructor(
    readonly path: string,
    readonly existing: Identity | undefined,
  ) {
    const who = existing ? ` as ${existing.deviceId} with ${existing.controllerUrl}` : '';
    super(`this gateway is already enrolled${who} (${path}); to enroll it again, stop the agent, remove that file and run enroll with a new token`);
  }
}

/** Where the identity lives in a data dir. */
export function identityPath(dataDir: string): string {
  return join(dataDir, 'identity.json');
}

/** Reads and validates the identity; `undefined` when the gateway has not enrolled (local mode). */
export async function readIdentity(dataDir: string): Promise<Identity | undefined> {
  const path = identityPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new IdentityFileError(`cannot read the gateway identity ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new IdentityFileError(`${path} is not JSON (${error instanceof Error ? error.message : String(error)}); remove it and enroll again`);
  }
  const parsed = IdentitySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ');
    throw new IdentityFileError(`${path} is not a valid gateway identity (${issues}); remove it and enroll again`);
  }
  return parsed.data;
}

/**
 * Stores a new identity, never replacing one: the file is written and flushed under a
 * temporary name with mode 0600, then hard-linked into place, which fails if the name
 * exists. A crash leaves either no identity or a complete one.
 */
export async function createIdentity(dataDir: string, identity: Identity): Promise<string> {
  const path = identityPath(dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const body = `${JSON.stringify(IdentitySchema.parse(identity), null, 2)}\n`;
  try {
    await writeFileDurably(path, body, { mode: 0o600, exclusive: true });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') throw new AlreadyEnrolledError(path, await readIdentity(dataDir).catch(() => undefined));
    throw error;
  }
  return path;
}
