import { z } from 'zod';

/** Query of `GET /devices/:id/events`: newest first, pages going back by sequence number. */
export const EventsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Only events with a smaller sequence number: the `nextBefore` of the previous page. */
  before: z.coerce.number().int().min(1).optional(),
  type: z.string().max(64).optional(),
});
export type EventsQuery = z.output<typeof EventsQuerySchema>;

/** Query of `GET /devices/:id/telemetry`: samples in a time window, oldest first. */
export const TelemetryQuerySchema = z
  .strictObject({
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .refine((query) => query.since === undefined || query.until === undefined || query.since <= query.until, {
    message: 'since must not be after until',
    path: ['since'],
  });
export type TelemetryQuery = z.output<typeof TelemetryQuerySchema>;
