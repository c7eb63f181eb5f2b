import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { Metrics } from './metrics.js';

interface TimedRequest {
  method: string;
  baseUrl: string;
  route?: { path: string };
}

interface TimedResponse {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): void;
}

/**
 * Times every REST request from the handler's start to the response's end, labelled by
 * the route pattern (`/api/v1/devices/:id`), never the raw URL, so label values stay few.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<TimedRequest>();
    const response = http.getResponse<TimedResponse>();
    const stop = this.metrics.httpDuration.startTimer();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      stop({ method: request.method, route: `${request.baseUrl}${request.route?.path ?? ''}` || 'unmatched', status: String(response.statusCode) });
    };
    response.once('finish', record);
    response.once('close', record);
    return next.handle();
  }
}
