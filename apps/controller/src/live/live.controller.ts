import { Controller, Inject, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { filter, interval, map, merge, type Observable } from 'rxjs';
import { z } from 'zod';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { ApiZodQuery, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';

const HEARTBEAT_MS = 15_000;

const StreamQuerySchema = z.strictObject({
  /** Comma-separated event types (`device.online,device.offline`); all when absent. */
  types: z
    .string()
    .regex(/^[a-z.-]+(,[a-z.-]+)*$/, 'must be comma-separated event types like device.online,deployment.progress')
    .transform((list) => new Set(list.split(',')))
    .optional(),
  deviceId: z.string().max(63).optional(),
});
type StreamQuery = z.output<typeof StreamQuerySchema>;

/**
 * Server-sent events of fleet changes for the console: each message's `event` is the
 * change's type and `data` the change. Comments every 15 s keep proxies from closing an
 * idle stream. A browser authenticates with its session cookie (EventSource sends no headers).
 */
@ApiTags('live')
@Controller('fleet')
export class LiveController {
  constructor(@Inject(FleetEvents) private readonly fleet: FleetEvents) {}

  @Sse('stream')
  @ApiZodQuery(StreamQuerySchema)
  @ApiZodResponse(200, 'text/event-stream of fleet changes')
  stream(@Query(new ZodValidationPipe(StreamQuerySchema)) query: StreamQuery): Observable<MessageEvent> {
    const changes = this.fleet.stream.pipe(
      filter((event) => query.types === undefined || query.types.has(event.type)),
      filter((event) => query.deviceId === undefined || ('deviceId' in event && event.deviceId === query.deviceId)),
      map((event): MessageEvent => ({ type: event.type, data: event })),
    );
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: { at: new Date().toISOString() } })));
    return merge(changes, heartbeat);
  }
}
