import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from '../auth/public.js';
import { Metrics } from './metrics.js';

/** Prometheus scrape endpoint, `/metrics` (outside the API prefix, no auth, as scrapers expect). */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
