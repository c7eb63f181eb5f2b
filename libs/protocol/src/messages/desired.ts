import * as z from 'zod/mini';
import { AppIdSchema, ReleaseIdSchema } from '../ids.js';
import { AppManifestSchema, PolicySchema } from './app-manifest.js';
import { ContentHashSchema, CountSchema, NanoCpusSchema } from './common.js';

/*
 * `desired` (cloud → edge, retained): the complete target state of one gateway. It is
 * a full document, never a patch, so a gateway that missed any number of updates
 * converges from the latest one alone.
 */

/** Time between two periodic actions; bounded below so a typo cannot flood the broker. */
const IntervalMsSchema = z.int().check(z.gte(1_000), z.lte(86_400_000));

/** Gateway-level settings that travel with the target, so one document configures the agent. */
export const GatewaySettingsSchema = z.object({
  /** What the gateway allows beyond the defaults (DESIGN.md §4–5): app-spec's GatewayPolicy. */
  policy: z.optional(PolicySchema),
  /** Kept back for the gateway's own functions; allocatable = capacity − reserve. */
  reserve: z.optional(
    z.object({ nanoCpus: z.optional(NanoCpusSchema), memoryBytes: z.optional(CountSchema), pids: z.optional(CountSchema) }),
  ),
  reportIntervalMs: z.optional(IntervalMsSchema),
  telemetryIntervalMs: z.optional(IntervalMsSchema),
  resyncIntervalMs: z.optional(IntervalMsSchema),
});
/** Gateway-level settings carried by the desired state. */
export type GatewaySettings = z.infer<typeof GatewaySettingsSchema>;

/** One app the gateway must run: which release of it, and that release's manifest (whose `name` names the app). */
export const DesiredAppSchema = z.object({
  releaseId: ReleaseIdSchema,
  /** The release's canonical, normalised manifest. */
  manifest: AppManifestSchema,
  /** How long the release may take to become healthy before the agent rolls back; absent: the agent's default. */
  healthyWithinMs: z.optional(z.int().check(z.gte(1_000), z.lte(86_400_000))),
});
/** One app of the target state. */
export type DesiredApp = z.infer<typeof DesiredAppSchema>;

/** The `desired` body: the gateway's full target state. */
export const DesiredStateSchema = z.object({
  /** Increases by at least one with every change; the gateway acks it in `reported.ackedVersion`. */
  version: z.int().check(z.gte(1)),
  /** Content hash of `apps` and `settings`, so an unchanged target is recognised without a diff. */
  hash: ContentHashSchema,
  /** Keyed by app id; an app absent here is removed from the gateway. */
  apps: z.record(AppIdSchema, DesiredAppSchema),
  settings: z.optional(GatewaySettingsSchema),
});
/** The gateway's full target state. */
export type DesiredState = z.infer<typeof DesiredStateSchema>;

/** How an incoming desired state relates to the one a gateway has stored. */
export type DesiredOrder = 'newer' | 'duplicate' | 'stale' | 'conflict';

/**
 * Orders an incoming target against the stored one, so agent and simulator apply the
 * same rule: act on `newer`; re-ack a `duplicate` (the cloud republishes until acked);
 * ignore `stale` (a late retained copy); refuse `conflict` (same version, other content
 * means the controller broke its own invariant).
 */
export function compareDesired(
  stored: Pick<DesiredState, 'version' | 'hash'> | undefined,
  incoming: Pick<DesiredState, 'version' | 'hash'>,
): DesiredOrder {
  if (stored === undefined || incoming.version > stored.version) return 'newer';
  if (incoming.version < stored.version) return 'stale';
  return incoming.hash === stored.hash ? 'duplicate' : 'conflict';
}
