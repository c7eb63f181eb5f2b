import * as z from 'zod/mini';
import { AppIdSchema, ReleaseIdSchema, ServiceNameSchema } from '../ids.js';
import { CapsSchema } from './app-manifest.js';
import {
  CapDriftSchema,
  ContainerIdSchema,
  ContentHashSchema,
  CountSchema,
  HealthSchema,
  ReasonSchema,
  ResourceAmountsSchema,
  TimestampSchema,
} from './common.js';

/*
 * `reported` (edge → cloud): the gateway's current state, always complete, so the
 * controller can replace its copy instead of merging. It doubles as the ack of the
 * desired state: `ackedVersion` is the highest target the gateway has stored durably.
 */

/**
 * Where a service's container is: Docker's container states, plus `pending` (not created
 * yet, e.g. waiting for a dependency) and `pulling` (its image is being downloaded).
 */
export const ServiceStateSchema = z.enum([
  'pending',
  'pulling',
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
]);
/** Where a service's container is in its lifecycle. */
export type ServiceState = z.infer<typeof ServiceStateSchema>;

/**
 * The caps a container runs with: what the agent asked Docker for, and whether reading
 * the container's cgroup files back agreed. `unsupported` when the gateway's kernel
 * does not expose a controller the cap needs.
 */
export const CapsStatusSchema = z.object({
  applied: CapsSchema,
  verification: z.enum(['verified', 'drift', 'unverified', 'unsupported']),
  checkedAt: z.optional(TimestampSchema),
  drift: z.array(CapDriftSchema).check(z.maxLength(64)),
});
/** The caps a container runs with and whether the cgroup agrees. */
export type CapsStatus = z.infer<typeof CapsStatusSchema>;

/** The last thing that went wrong with a service, kept until it next starts cleanly. */
export const LastErrorSchema = z.object({
  /** Stable machine-readable code, e.g. `pull-failed`, `create-failed`, `health-timeout`. */
  code: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a lower-case kebab-case code')),
  message: ReasonSchema,
  at: TimestampSchema,
});
/** The last thing that went wrong with a service. */
export type LastError = z.infer<typeof LastErrorSchema>;

/** One service's observed status. */
export const ServiceStatusSchema = z.object({
  state: ServiceStateSchema,
  health: HealthSchema,
  /** The release this container was created from; differs from the app's during a rollout. */
  releaseId: ReleaseIdSchema,
  /** `null` until a container exists (pending, pulling). */
  containerId: z.nullable(ContainerIdSchema),
  restartCount: CountSchema,
  exitCode: z.optional(z.nullable(z.int())),
  startedAt: z.optional(TimestampSchema),
  /** `null` until a container exists. */
  caps: z.nullable(CapsStatusSchema),
  lastError: z.nullable(LastErrorSchema),
});
/** One service's observed status. */
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

/** What the agent is doing with an app as a whole. */
export const AppStateSchema = z.enum(['applying', 'running', 'degraded', 'rolling-back', 'rolled-back', 'failed', 'removing']);
/** What the agent is doing with an app as a whole. */
export type AppState = z.infer<typeof AppStateSchema>;

/** One app's observed status. */
export const AppStatusSchema = z.object({
  state: AppStateSchema,
  /** The release the agent is running or applying; `null` while nothing has been applied. */
  releaseId: z.nullable(ReleaseIdSchema),
  /** The newest release that became healthy here; the agent rolls back to it on its own. */
  lastGoodReleaseId: z.nullable(ReleaseIdSchema),
  services: z.record(ServiceNameSchema, ServiceStatusSchema),
});
/** One app's observed status. */
export type AppStatus = z.infer<typeof AppStatusSchema>;

/**
 * How far the gateway got with the newest target it stored. `refused` means the target
 * was rejected as a whole (e.g. caps above allocatable) and the previous one keeps running.
 */
export const TargetProgressSchema = z.object({
  version: CountSchema,
  state: z.enum(['none', 'applying', 'converged', 'refused', 'failed']),
  reason: z.optional(ReasonSchema),
});
/** How far the gateway got with the newest stored target. */
export type TargetProgress = z.infer<typeof TargetProgressSchema>;

/** The gateway's resources as the scheduler sees them. */
export const GatewayResourcesSchema = z.object({
  /** What targets may ask for: capacity minus the reserve for the gateway's own functions. */
  allocatable: ResourceAmountsSchema,
  capacity: z.optional(ResourceAmountsSchema),
});
/** The gateway's resources as the scheduler sees them. */
export type GatewayResources = z.infer<typeof GatewayResourcesSchema>;

/** The `reported` body: the gateway's complete current state. */
export const ReportedStateSchema = z.object({
  /** Highest desired version stored durably (the ack); 0 before the first one. */
  ackedVersion: CountSchema,
  ackedHash: z.nullable(ContentHashSchema),
  target: TargetProgressSchema,
  /** Keyed by app id: every app the agent manages, including ones being removed. */
  apps: z.record(AppIdSchema, AppStatusSchema),
  gateway: GatewayResourcesSchema,
});
/** The gateway's complete current state. */
export type ReportedState = z.infer<typeof ReportedStateSchema>;
