import { Controller, Get, HttpCode, HttpStatus, Inject, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Liveness plus whether the database answers; 503 when it does not. */
@Controller('health')
export class HealthController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @HttpCode(HttpStatus.OK)
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      throw new ServiceUnavailableException(
        { error: 'database-unreachable', message: `the database does not answer: ${error instanceof Error ? error.message : String(error)}` },
        { cause: error },
      );
    }
    return { status: 'ok', database: 'up' };
  }
}
