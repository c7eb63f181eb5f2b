import * as z from 'zod/mini';
import { ServiceRefSchema, TimestampSchema } from './common.js';

/*
 * `cmd/<requestId>` (cloud → edge): a request to one gateway. The envelope `id` is the
 * request id of the topic, and the answer on `cmd-res/<requestId>` carries it as its
 * `parentId`. Commands say how long they may take rather than until when, because a
 * gateway's clock may be wrong.
 */

/** How long the gateway may work on a command before answering `timeout`. */
export const TimeoutMsSchema = z.int().check(z.gte(100), z.lte(600_000));

/** Most log lines one `logs` command may ask for. */
export const MAX_LOG_TAIL = 10_000;

/** Every command type, in a fixed order. */
export const COMMAND_TYPES = ['logs', 'restart', 'resync', 'diagnostics'] as const;

/** Every command type. */
export const CommandTypeSchema = z.enum(COMMAND_TYPES);
/** Every command type. */
export type CommandType = z.infer<typeof CommandTypeSchema>;

/** Every command, discriminated on `type`. */
export const CommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('logs'),
    ...ServiceRefSchema.shape,
    /** How many of the newest lines to return. */
    tail: z.int().check(z.gte(1), z.lte(MAX_LOG_TAIL)),
    /** Only lines written at or after this time. */
    since: z.optional(TimestampSchema),
    timeoutMs: TimeoutMsSchema,
  }),
  z.object({ type: z.literal('restart'), ...ServiceRefSchema.shape, timeoutMs: TimeoutMsSchema }),
  /** Reconcile now and send a fresh `reported`, instead of waiting for the periodic resync. */
  z.object({ type: z.literal('resync'), timeoutMs: TimeoutMsSchema }),
  z.object({ type: z.literal('diagnostics'), timeoutMs: TimeoutMsSchema }),
]);
/** A request to one gateway. */
export type Command = z.infer<typeof CommandSchema>;
