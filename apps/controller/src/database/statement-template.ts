import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Statement } from './fleet-writer.js';

/**
 * One statement shape, rendered by a TypeORM query builder once and then bound to the
 * values of many rows. Rendering a builder costs more than SQLite takes to run the
 * statement, so the alike writes of a batch share one rendering. The builder must name
 * every value as a parameter (`:name` in conditions, `() => ':name'` in `set`), so the
 * rendered text holds no value; values go through `value()` first where the column
 * converts them (JSON columns, dates).
 */
export class StatementTemplate<Entity extends ObjectLiteral> {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<Entity>,
    private readonly sql: string,
  ) {}

  /** Renders `builder`'s statement once for `entity`'s table. */
  static of<Entity extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<Entity>, builder: { getQuery(): string }): StatementTemplate<Entity> {
    return new StatementTemplate(dataSource, entity, builder.getQuery());
  }

  /** The statement with these parameters, as the driver runs it. */
  bind(parameters: ObjectLiteral): Statement {
    return this.dataSource.driver.escapeQueryWithParameters(this.sql, parameters);
  }

  /** `value` as the entity's column `property` stores it (JSON text, the driver's date form). */
  value(property: keyof Entity & string, value: unknown): unknown {
    const column = this.dataSource.getMetadata(this.entity).findColumnWithPropertyName(property);
    if (column === undefined) throw new Error(`${this.dataSource.getMetadata(this.entity).name} has no column ${property}`);
    return this.dataSource.driver.preparePersistentValue(value, column);
  }
}
