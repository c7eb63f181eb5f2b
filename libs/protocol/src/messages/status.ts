import * as z from 'zod/mini';

/*
 * `status` (edge → cloud, retained): liveness. The agent publishes `online` on connect
 * and registers an `offline` message as its MQTT Will, which the broker publishes when
 * the connection dies. A Will is fixed at connect time, so its envelope timestamp is the
 * connect time, not the time the gateway went away.
 */

/** Agent version: semantic version, optionally with pre-release or build suffix. */
const AgentVersionSchema = z.string().check(
  z.regex(/^[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.+-]{1,64})?$/, 'must be a semantic version like 1.4.2'),
);

/** What the gateway runs on; lets the console and the compiler pick images per architecture. */
export const PlatformSchema = z.object({
  os: z.string().check(z.minLength(1), z.maxLength(64)),
  arch: z.string().check(z.minLength(1), z.maxLength(32)),
  cgroupVersion: z.union([z.literal(1), z.literal(2)]),
  dockerVersion: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
/** What the gateway runs on. */
export type Platform = z.infer<typeof PlatformSchema>;

/** The `status` body. */
export const StatusSchema = z.object({
  state: z.enum(['online', 'offline']),
  agentVersion: AgentVersionSchema,
  /**
   * Changes every time the agent process starts. An `offline` whose boot id is not the
   * latest `online`'s is a stale Will from an earlier session and is ignored.
   */
  bootId: z.uuid(),
  /** Why the gateway is offline: a clean `shutdown`, or `connection-lost` (the Will). */
  reason: z.optional(z.enum(['shutdown', 'connection-lost'])),
  platform: z.optional(PlatformSchema),
});
/** The `status` body. */
export type Status = z.infer<typeof StatusSchema>;
