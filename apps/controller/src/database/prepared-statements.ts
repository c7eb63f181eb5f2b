/** A prepared statement, as much of better-sqlite3's `Statement` as the fleet's writes use. */
export interface PreparedStatement {
  run(...parameters: unknown[]): { changes: number };
}

/** The part of better-sqlite3's `Database` that prepares statements. */
export interface Preparer {
  prepare(sql: string): PreparedStatement;
}

/**
 * The statements of one database handle, each SQL text prepared once. The fleet's batches
 * run the same few rendered shapes hundreds of times, and preparing costs SQLite more than
 * running. Bounded: the least recently used statement goes first, so shapes that vary
 * (multi-row inserts of any length) cannot grow it without end.
 */
export class PreparedStatements {
  private readonly statements = new Map<string, PreparedStatement>();

  constructor(
    private readonly database: Preparer,
    private readonly capacity = 128,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, not ${capacity}`);
  }

  /** The statement for `sql`, prepared now or taken from the ones kept. */
  get(sql: string): PreparedStatement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      if (this.statements.size >= this.capacity) {
        const oldest = this.statements.keys().next();
        if (oldest.done !== true) this.statements.delete(oldest.value);
      }
    } else {
      // Re-inserted, so the map's order runs from least to most recently used.
      this.statements.delete(sql);
    }
    this.statements.set(sql, statement);
    return statement;
  }
}
