import * as z from 'zod/mini';
import { CommandTypeSchema } from './commands.js';
import { ContainerIdSchema, CountSchema, ReasonSchema, TimestampSchema } from './common.js';

/*
 * `cmd-res/<requestId>` (edge → cloud): the answer to a command, either `ok` with a
 * payload typed by the command, or `error` with a code the controller can act on.
 * Payloads must fit the size limit: the agent truncates logs and says so.
 */

/** One line of container output. */
export const LogLineSchema = z.object({
  ts: TimestampSchema,
  stream: z.enum(['stdout', 'stderr']),
  text: z.string().check(z.maxLength(16_384)),
});
/** One line of container output. */
export type LogLine = z.infer<typeof LogLineSchema>;

/** A named self-check of the agent, e.g. `docker-reachable`, `cgroup-writable`. */
export const DiagnosticCheckSchema = z.object({
  name: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/)),
  isOk: z.boolean(),
  detail: z.optional(ReasonSchema),
});
/** A named self-check of the agent. */
export type DiagnosticCheck = z.infer<typeof DiagnosticCheckSchema>;

/** The payload of a successful command, discriminated on the command's `type`. */
export const CommandPayloadSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('logs'),
    lines: z.array(LogLineSchema).check(z.maxLength(10_000)),
    /** True when lines were left out to respect the tail or the payload size limit. */
    isTruncated: z.boolean(),
  }),
  z.object({ type: z.literal('restart'), containerId: ContainerIdSchema, restartedAt: TimestampSchema }),
  z.object({
    type: z.literal('resync'),
    ackedVersion: CountSchema,
    /** Steps the planner found; 0 means the gateway already matched its target. */
    stepsPlanned: CountSchema,
  }),
  z.object({
    type: z.literal('diagnostics'),
    agentVersion: z.string().check(z.minLength(1), z.maxLength(64)),
    uptimeMs: CountSchema,
    dockerVersion: z.nullable(z.string().check(z.minLength(1), z.maxLength(64))),
    cgroupVersion: z.union([z.literal(1), z.literal(2)]),
    /** Messages waiting in the on-disk outbox, per kind. */
    outbox: z.object({ reported: CountSchema, events: CountSchema, telemetry: CountSchema }),
    checks: z.array(DiagnosticCheckSchema).check(z.maxLength(64)),
  }),
]);
/** The payload of a successful command. */
export type CommandPayload = z.infer<typeof CommandPayloadSchema>;

/** Why a command failed; stable, so the controller and console can react by code. */
export const CommandErrorCodeSchema = z.enum([
  'invalid-request',
  'unknown-service',
  'unsupported',
  'busy',
  'timeout',
  'runtime-error',
  'internal',
]);
/** Why a command failed. */
export type CommandErrorCode = z.infer<typeof CommandErrorCodeSchema>;

/** The `cmd-res` body. */
export const CommandResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), result: CommandPayloadSchema }),
  z.object({
    status: z.literal('error'),
    /** The command that failed, when the gateway could read it. */
    type: z.optional(CommandTypeSchema),
    error: z.object({ code: CommandErrorCodeSchema, message: ReasonSchema }),
  }),
]);
/** The answer to a command. */
export type CommandResult = z.infer<typeof CommandResultSchema>;
