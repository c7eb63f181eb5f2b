import * as z from 'zod/mini';
import { AppIdSchema, ReleaseIdSchema, ServiceNameSchema } from '../ids.js';
import {
  CapDriftSchema,
  ContainerIdSchema,
  ContentHashSchema,
  CountSchema,
  HealthSchema,
  ReasonSchema,
  ServiceRefSchema,
  TimestampSchema,
} from './common.js';

/*
 * `events` (edge → cloud): lifecycle events, batched. Every event has a sequence number
 * that increases by one per event for the life of the gateway's store, across restarts
 * and reconnects; the outbox replays unacknowledged batches, so the controller drops
 * events whose `seq` it has already seen, and a jump tells it events were lost.
 */

/** Largest number of events in one batch. */
export const MAX_EVENTS_PER_BATCH = 500;

const ServiceEventBase = { ...ServiceRefSchema.shape, containerId: ContainerIdSchema };

/** A one-shot change to one image download; a pull reports `started`, then `done` or `failed`. */
const PullProgressSchema = z.object({
  ...ServiceRefSchema.shape,
  image: z.string().check(z.minLength(1), z.maxLength(512)),
  phase: z.enum(['started', 'downloading', 'extracting', 'done', 'failed']),
  currentBytes: z.optional(CountSchema),
  totalBytes: z.optional(CountSchema),
  error: z.optional(ReasonSchema),
});

/** Why a target was refused, pointing at the app and service at fault where there is one. */
const RefusalSchema = z.object({
  code: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/)),
  message: ReasonSchema,
  app: z.optional(AppIdSchema),
  service: z.optional(ServiceNameSchema),
});

/** The detail carried by each event type. */
export const EVENT_DETAILS = {
  'service.created': z.object({ ...ServiceEventBase, releaseId: ReleaseIdSchema }),
  'service.started': z.object({ ...ServiceEventBase, releaseId: ReleaseIdSchema }),
  'service.stopped': z.object({ ...ServiceEventBase, exitCode: z.nullable(z.int()) }),
  'service.died': z.object({
    ...ServiceEventBase,
    exitCode: z.nullable(z.int()),
    restartCount: CountSchema,
    /** Whether the restart policy will start it again. */
    willRestart: z.boolean(),
  }),
  'service.oom': z.object({ ...ServiceEventBase, memoryLimitBytes: z.nullable(CountSchema) }),
  'service.health': z.object({
    ...ServiceEventBase,
    health: HealthSchema,
    previous: HealthSchema,
    output: z.optional(z.string().check(z.maxLength(4096))),
  }),
  'service.removed': z.object({ ...ServiceEventBase }),
  'pull.progress': PullProgressSchema,
  'release.applied': z.object({
    app: AppIdSchema,
    releaseId: ReleaseIdSchema,
    previousReleaseId: z.nullable(ReleaseIdSchema),
    desiredVersion: CountSchema,
  }),
  'release.rolled-back': z.object({
    app: AppIdSchema,
    fromReleaseId: ReleaseIdSchema,
    toReleaseId: ReleaseIdSchema,
    reason: ReasonSchema,
  }),
  'target.refused': z.object({
    version: CountSchema,
    hash: ContentHashSchema,
    reasons: z.array(RefusalSchema).check(z.minLength(1), z.maxLength(64)),
  }),
  'cap.drift': z.object({ ...ServiceEventBase, drift: z.array(CapDriftSchema).check(z.minLength(1), z.maxLength(64)) }),
  /** Events the outbox discarded because it was full: the controller learns of the gap. */
  'events.dropped': z.object({
    count: z.int().check(z.gte(1)),
    fromSeq: z.int().check(z.gte(1)),
    toSeq: z.int().check(z.gte(1)),
    reason: z.enum(['outbox-full']),
  }),
} as const;

/** Every event type, a closed set. */
export type EventType = keyof typeof EVENT_DETAILS;

function eventOf<T extends EventType>(type: T) {
  return z.object({
    seq: z.int().check(z.gte(1)),
    ts: TimestampSchema,
    type: z.literal(type),
    detail: EVENT_DETAILS[type],
  });
}

/** One lifecycle event, discriminated on `type`. */
export const EventSchema = z.discriminatedUnion('type', [
  eventOf('service.created'),
  eventOf('service.started'),
  eventOf('service.stopped'),
  eventOf('service.died'),
  eventOf('service.oom'),
  eventOf('service.health'),
  eventOf('service.removed'),
  eventOf('pull.progress'),
  eventOf('release.applied'),
  eventOf('release.rolled-back'),
  eventOf('target.refused'),
  eventOf('cap.drift'),
  eventOf('events.dropped'),
]);
/** Every event type, in a fixed order (for tests, UIs and exhaustive handling). */
export const EVENT_TYPES: readonly EventType[] = EventSchema.def.options.flatMap((option) => option.shape.type.def.values);

/** One lifecycle event. */
export type GantryEvent = z.infer<typeof EventSchema>;

/** The event of one type, e.g. `EventOf<'service.died'>`. */
export type EventOf<T extends EventType> = Extract<GantryEvent, { type: T }>;

/** The `events` body: a non-empty batch in strictly increasing `seq` order. */
export const EventBatchSchema = z.object({
  events: z.array(EventSchema).check(
    z.minLength(1),
    z.maxLength(MAX_EVENTS_PER_BATCH),
    z.superRefine((events, ctx) => {
      events.forEach((event, index) => {
        const previous = events[index - 1];
        if (previous && event.seq <= previous.seq) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'seq'],
            message: `must be greater than the previous event's seq (${previous.seq})`,
          });
        }
      });
    }),
  ),
});
/** The `events` body. */
export type EventBatch = z.infer<typeof EventBatchSchema>;
