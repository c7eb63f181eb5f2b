import type { DataSource } from 'typeorm';

/*
 * TypeORM's `In([...])` renders one placeholder per id, so every length of list is new SQL:
 * rendered again by the query builder and, on SQLite, prepared again (about half a
 * millisecond each) for every batch a fan-out ingests. These put the whole list in one
 * parameter, so a read is rendered once and its statement kept.
 */

/** The condition "`column` is one of the ids in parameter `name`"; bind the ids with {@link idList}. */
export function isOneOf(dataSource: DataSource, column: string, name: string): string {
  return isPostgres(dataSource) ? `${column} = ANY(:${name})` : `${column} IN (SELECT value FROM json_each(:${name}))`;
}

/** Ids as {@link isOneOf}'s parameter: an array for PostgreSQL, JSON text for SQLite's `json_each`. */
export function idList(dataSource: DataSource, ids: Iterable<string | number>): unknown {
  const list = [...ids];
  return isPostgres(dataSource) ? list : JSON.stringify(list);
}

function isPostgres(dataSource: DataSource): boolean {
  return dataSource.options.type === 'postgres';
}
