import * as z from 'zod/mini';
import { AppIdSchema, ServiceNameSchema } from '../ids.js';

/*
 * Small value schemas shared by several messages. Units are in the field names
 * (`memoryBytes`, `nanoCpus`, `timeoutMs`), as in the rest of Gantry.
 */

/** A point in time: ISO 8601 in UTC (`2025-03-01T12:00:00.000Z`); one spelling, so strings sort by time. */
export const TimestampSchema = z.iso.datetime({
  precision: 3,
  error: 'must be an ISO 8601 UTC time with milliseconds, like 2025-03-01T12:00:00.000Z',
});

/** A count or size: a non-negative safe integer. */
export const CountSchema = z.int().check(z.nonnegative());

/** CPU in billionths of a CPU (1e9 = one full core), Docker's `NanoCpus` unit. */
export const NanoCpusSchema = z.int().check(z.nonnegative());

/** Content hash of a desired state: `sha256:` and 64 lower-case hex digits. */
export const ContentHashSchema = z.string().check(
  z.regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" followed by 64 lower-case hex digits'),
);

/** Docker container id: the full 64 hex digits, or the 12-digit short form. */
export const ContainerIdSchema = z.string().check(z.regex(/^[0-9a-f]{12,64}$/, 'must be 12-64 lower-case hex digits'));

/** A human-readable reason or error text, bounded so one field cannot fill a payload. */
export const ReasonSchema = z.string().check(z.minLength(1), z.maxLength(2048));

/** Names one service of one app on a gateway. */
export const ServiceRefSchema = z.object({
  app: AppIdSchema,
  service: ServiceNameSchema,
});
/** Names one service of one app on a gateway. */
export type ServiceRef = z.infer<typeof ServiceRefSchema>;

/** A container's health as Docker reports it; `none` when the service has no health check. */
export const HealthSchema = z.enum(['none', 'starting', 'healthy', 'unhealthy']);
/** A container's health as Docker reports it. */
export type Health = z.infer<typeof HealthSchema>;

/**
 * An amount of the resources Gantry schedules against: the gateway's capacity and its
 * allocatable share (capacity minus the reserve for the gateway's own functions).
 */
export const ResourceAmountsSchema = z.object({
  nanoCpus: NanoCpusSchema,
  memoryBytes: CountSchema,
  pids: z.optional(CountSchema),
  storageBytes: z.optional(CountSchema),
});
/** An amount of schedulable resources. */
export type ResourceAmounts = z.infer<typeof ResourceAmountsSchema>;

/**
 * One cap whose value in the container's cgroup differs from what the agent applied.
 * Values are numbers, or strings where the kernel writes words (`max`, cpuset lists).
 */
export const CapDriftSchema = z.object({
  /** The cap as named in the manifest, e.g. `memory.limitBytes`. */
  cap: z.string().check(z.minLength(1), z.maxLength(128)),
  /** The cgroup file it was read from, e.g. `memory.max` (v2) or `memory.limit_in_bytes` (v1). */
  cgroupFile: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  expected: z.union([z.number(), z.string().check(z.maxLength(256)), z.null()]),
  actual: z.union([z.number(), z.string().check(z.maxLength(256)), z.null()]),
});
/** One cap that differs between what was applied and what the cgroup says. */
export type CapDrift = z.infer<typeof CapDriftSchema>;
