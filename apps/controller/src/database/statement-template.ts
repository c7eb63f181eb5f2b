import { DateUtils, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { z } from 'zod';
import type { Statement } from './fleet-writer.js';

// TypeORM's named-parameter syntax, as its drivers read it.
const NAMED_PARAMETER = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;

/** The rendered text with its named parameters made positional, and their names in order. */
interface Compiled {
  readonly sql: string;
  readonly names: readonly string[];
}

/**
 * One statement shape, rendered by a TypeORM query builder once and then bound to the
 * values of many rows. Rendering a builder costs more than SQLite takes to run the
 * statement, so the alike writes of a batch share one rendering. The builder must name
 * every value as a parameter (`:name` in conditions, `() => ':name'` in `set`), so the
 * rendered text holds no value; values go through `value()` first where the column
 * converts them (JSON columns, dates).
 *
 * Every value is bound as a parameter, numbers included: TypeORM's SQLite driver writes
 * numbers into the text, so each event sequence number or version would be new SQL, and
 * prepared anew.
 */
export class StatementTemplate<Entity extends ObjectLiteral> {
  private compiled: Compiled | undefined;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<Entity>,
    private readonly sql: string,
  ) {}

  /** Renders `builder`'s statement once for `entity`'s table. */
  static of<Entity extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<Entity>, builder: { getQuery(): string }): StatementTemplate<Entity> {
    return new StatementTemplate(dataSource, entity, builder.getQuery());
  }

  /** The statement with these parameters, as the driver runs it: the same text for every binding. */
  bind(parameters: ObjectLiteral): Statement {
    const compiled = (this.compiled ??= this.compile(parameters));
    return [
      compiled.sql,
      compiled.names.map((name) => {
        if (!Object.hasOwn(parameters, name)) throw new Error(`the statement needs the parameter ${name}: ${compiled.sql}`);
        return this.bindable(parameters[name]);
      }),
    ];
  }

  /** Runs the statement, a read, with these parameters; each row is checked against `row`. */
  async read<Row>(parameters: ObjectLiteral, row: z.ZodType<Row>): Promise<Row[]> {
    const rows: unknown[] = await this.dataSource.query(...this.bind(parameters));
    return rows.map((raw) => row.parse(raw));
  }

  /** `value` as the entity's column `property` stores it (JSON text, the driver's date form). */
  value(property: keyof Entity & string, value: unknown): unknown {
    const column = this.dataSource.getMetadata(this.entity).findColumnWithPropertyName(property);
    if (column === undefined) throw new Error(`${this.dataSource.getMetadata(this.entity).name} has no column ${property}`);
    return this.dataSource.driver.preparePersistentValue(value, column);
  }

  /*
   * Names the first binding does not give are left in the text, as TypeORM leaves them
   * (`:name` inside a literal); every later binding must give the same names.
   */
  private compile(parameters: ObjectLiteral): Compiled {
    const names: string[] = [];
    const sql = this.sql.replaceAll(NAMED_PARAMETER, (full: string, spread: string | undefined, name: string) => {
      if (!Object.hasOwn(parameters, name)) return full;
      if (spread !== undefined) throw new Error(`a statement template binds single values, not the list :...${name}`);
      names.push(name);
      return this.dataSource.driver.createParameter(name, names.length - 1);
    });
    return { sql, names };
  }

  // What TypeORM's drivers do to a value before binding it; PostgreSQL takes all of these as they are.
  // better-sqlite3 binds every JS number as a REAL: a whole number goes as an integer, as the literal TypeORM wrote did.
  private bindable(value: unknown): unknown {
    if (this.dataSource.options.type === 'postgres') return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
    if (typeof value === 'boolean') return Number(value);
    if (value instanceof Date) return DateUtils.mixedDateToUtcDatetimeString(value);
    return value;
  }
}
