import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs the fleet's write transactions one after another within this process. TypeORM
 * drives SQLite through a single connection, where two transactions started together
 * nest into each other instead of isolating; queuing them keeps each one whole. Across
 * replicas (PostgreSQL) the conditional updates inside them do the guarding. Never call
 * `run` from inside `run`: the inner call would wait for the outer forever.
 */
@Injectable()
export class SerialTransactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.dataSource.transaction(work));
    // The queue moves on whether this one committed or not; the caller sees its own outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
