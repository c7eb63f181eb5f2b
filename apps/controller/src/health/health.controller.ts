import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.js';
import { ApiZodResponse } from '../http/openapi.js';
import { MqttGateway } from '../mqtt/mqtt-gateway.js';
import { CONTROLLER_VERSION } from '../version.js';

type Check = 'up' | 'down';

/** What `/healthz` answers. */
export interface Readiness {
  status: 'ok' | 'unavailable';
  version: string;
  database: Check;
  broker: Check;
  /** Why a check is down, for the operator reading the probe. */
  problems: string[];
}

/**
 * Probes at the root, as orchestrators expect: `/healthz/live` says the process serves
 * HTTP; `/healthz` says it can do its job (database answers, broker up) and is 503 otherwise,
 * so a load balancer stops sending it traffic.
 */
@ApiTags('health')
@Public()
@Controller('healthz')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MqttGateway) private readonly mqtt: MqttGateway,
  ) {}

  @Get('live')
  @ApiZodResponse(200, 'The process serves HTTP')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @ApiZodResponse(200, 'Ready: database and broker up')
  @ApiZodResponse(503, 'Not ready; `problems` says why')
  async ready(@Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<Readiness> {
    const problems: string[] = [];
    const database = await this.dataSource.query('SELECT 1').then(
      (): Check => 'up',
      (error: unknown): Check => {
        problems.push(`database: ${error instanceof Error ? error.message : String(error)}`);
        return 'down';
      },
    );
    const broker: Check = this.mqtt.isReady() ? 'up' : 'down';
    if (broker === 'down') {
      const description = this.mqtt.describe();
      problems.push(description.mode === 'embedded' ? 'broker: the embedded MQTT broker is not listening' : `broker: not connected to ${redact(description.url)}`);
    }
    const ok = problems.length === 0;
    if (!ok) response.status(503);
    return { status: ok ? 'ok' : 'unavailable', version: CONTROLLER_VERSION, database, broker, problems };
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.href;
}
