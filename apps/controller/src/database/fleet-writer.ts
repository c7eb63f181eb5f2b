import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PreparedStatements, type Preparer } from './prepared-statements.js';

/** A statement as a TypeORM query builder renders it for the driver (`getQueryAndParameters()`). */
export type Statement = readonly [sql: string, parameters: readonly unknown[]];

/** Statements that go together: `then` runs only if `guard` (when given) changed exactly one row. */
export interface GuardedWrite {
  readonly guard?: Statement;
  readonly then: readonly Statement[];
}

/** The part of better-sqlite3's `Database` used here. */
interface NativeSqlite extends Preparer {
  transaction<T>(work: () => T): () => T;
}

/*
 * On SQLite, TypeORM drives every module through one shared connection: a transaction held
 * across awaits takes in (and may roll back) whatever else runs meanwhile, and two of them
 * corrupt each other's savepoints. Writes that must be atomic therefore run here either
 * synchronously inside one native better-sqlite3 transaction (nothing can interleave), or,
 * on PostgreSQL, in an ordinary transaction on a connection of their own.
 */

/** Atomic, ordered writes of the fleet's desired states and rollouts. */
@Injectable()
export class FleetWriter {
  private tail: Promise<unknown> = Promise.resolve();
  // Keyed by handle: a statement belongs to the connection that prepared it.
  private readonly prepared = new WeakMap<NativeSqlite, PreparedStatements>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Runs the writes as one transaction; resolves, per write, whether its guard held (its
   * `then` ran). Writes of this process are applied one batch after another.
   */
  applyGuarded(writes: readonly GuardedWrite[]): Promise<boolean[]> {
    return this.serially(async () => {
      const native = this.nativeSqlite();
      if (native !== undefined) {
        const statements = this.statementsOf(native);
        return native.transaction(() => writes.map((write) => applySync(statements, write)))();
      }
      return this.dataSource.transaction(async (manager) => {
        const held: boolean[] = [];
        for (const write of writes) held.push(await applyAsync(manager, write));
        return held;
      });
    });
  }

  /**
   * Runs `work` after the batches queued before it: in a transaction on PostgreSQL; on
   * SQLite statement by statement, so `work` must leave a consistent state after each one.
   * Never call it from inside `work`: the inner call would wait for the outer forever.
   */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serially(() => (this.nativeSqlite() === undefined ? this.dataSource.transaction(work) : work(this.dataSource.manager)));
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The queue moves on whether this one committed or not; the caller sees its own outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }

  private statementsOf(native: NativeSqlite): PreparedStatements {
    let statements = this.prepared.get(native);
    if (statements === undefined) {
      statements = new PreparedStatements(native);
      this.prepared.set(native, statements);
    }
    return statements;
  }

  private nativeSqlite(): NativeSqlite | undefined {
    if (this.dataSource.options.type !== 'better-sqlite3') return undefined;
    const native: unknown = Reflect.get(this.dataSource.driver, 'databaseConnection');
    if (!isNativeSqlite(native)) throw new Error('the better-sqlite3 driver has no open database handle');
    return native;
  }
}

function isNativeSqlite(value: unknown): value is NativeSqlite {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'prepare') === 'function' && typeof Reflect.get(value, 'transaction') === 'function';
}

// better-sqlite3 binds no booleans; TypeORM's own runner turns them into 0/1 the same way.
const bindable = (parameters: readonly unknown[]): unknown[] => parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value));

function applySync(statements: PreparedStatements, write: GuardedWrite): boolean {
  if (write.guard !== undefined && statements.get(write.guard[0]).run(...bindable(write.guard[1])).changes !== 1) return false;
  for (const [sql, parameters] of write.then) statements.get(sql).run(...bindable(parameters));
  return true;
}

async function applyAsync(manager: EntityManager, write: GuardedWrite): Promise<boolean> {
  const runner = manager.queryRunner;
  if (runner === undefined) throw new Error('a transaction has a query runner');
  if (write.guard !== undefined && (await runner.query(write.guard[0], [...write.guard[1]], true)).affected !== 1) return false;
  for (const [sql, parameters] of write.then) await runner.query(sql, [...parameters]);
  return true;
}
