import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { filter } from 'rxjs';
import { z } from 'zod';
import { FleetEvents } from '../fleet-events/fleet-events.js';
import { ApiZodQuery, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { SseWriter } from './sse-writer.js';

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
 * change's type and `data` the change. A `heartbeat` event every 15 s keeps proxies from
 * closing an idle stream. A browser authenticates with its session cookie (EventSource sends no headers).
 */
@ApiTags('live')
@Controller('fleet')
export class LiveController {
  constructor(@Inject(FleetEvents) private readonly fleet: FleetEvents) {}

  @Get('stream')
  @ApiZodQuery(StreamQuerySchema)
  @ApiProduces('text/event-stream')
  @ApiZodResponse(200, 'text/event-stream of fleet changes')
  stream(@Query(new ZodValidationPipe(StreamQuerySchema)) query: StreamQuery, @Req() request: IncomingMessage, @Res() response: ServerResponse): void {
    request.socket.setNoDelay(true);
    request.socket.setTimeout(0);
    const writer = new SseWriter(response);
    const changes = this.fleet.stream
      .pipe(
        filter((event) => query.types === undefined || query.types.has(event.type)),
        filter((event) => query.deviceId === undefined || ('deviceId' in event && event.deviceId === query.deviceId)),
      )
      .subscribe({ next: (event) => writer.send(event.type, event), complete: () => writer.end() });
    const heartbeat = setInterval(() => writer.send('heartbeat', { at: new Date().toISOString() }), HEARTBEAT_MS);
    response.once('close', () => {
      changes.unsubscribe();
      clearInterval(heartbeat);
      writer.end();
    });
  }
}
