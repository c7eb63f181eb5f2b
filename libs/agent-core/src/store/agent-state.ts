import { AppSpecSchema } from '@gantry/app-spec';
import * as z from 'zod/mini';

const TargetAppSchema = z.object({
  appId: z.string().check(z.minLength(1)),
  releaseId: z.string().check(z.minLength(1)),
  spec: AppSpecSchema,
  healthyWithinMs: z.int().check(z.gte(1)),
});

/** Where a target came from: the controller (with its version and hash) or `apply -f` in local mode. */
const StoredTargetSchema = z.object({
  source: z.enum(['cloud', 'local']),
  version: z.int().check(z.gte(0)),
  hash: z.string(),
  receivedAt: z.iso.datetime(),
  apps: z.record(z.string(), TargetAppSchema),
});

/**
 * Everything the agent keeps across restarts, written before it acts (so after a reboot
 * with no network it converges to what it stored) and validated when read back.
 */
export const AgentStateSchema = z.object({
  /** The target as told, before any rollback substitution; null until the first one. */
  target: z.nullable(StoredTargetSchema),
  /** Per app, the newest release that became healthy here. */
  lastGood: z.record(z.string(), TargetAppSchema),
  /** Per app, a release the agent rolled back from; it is not applied again until the target names another. */
  rolledBack: z.record(z.string(), z.object({ releaseId: z.string(), toReleaseId: z.string(), reason: z.string(), at: z.iso.datetime() })),
  /** Per app, when the agent began applying its current release (the health deadline counts from here). */
  applying: z.record(z.string(), z.object({ releaseId: z.string(), since: z.iso.datetime() })),
});

/** What the agent keeps across restarts. */
export type AgentState = z.infer<typeof AgentStateSchema>;
/** The target as the agent stored it. */
export type StoredTarget = z.infer<typeof StoredTargetSchema>;

/** The state of an agent that has never been told anything. */
export function initialAgentState(): AgentState {
  return { target: null, lastGood: {}, rolledBack: {}, applying: {} };
}
