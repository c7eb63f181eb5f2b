import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PreparedStatements, type Preparer } from './prepared-statements.js';

function isPreparer(value: unknown): value is Preparer {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'prepare') === 'function';
}

describe('PreparedStatements', () => {
  let dataSource: DataSource;
  let prepares: string[];
  let sut: PreparedStatements;

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.query('CREATE TABLE rows (id INTEGER PRIMARY KEY, value TEXT)');
    const native: unknown = Reflect.get(dataSource.driver, 'databaseConnection');
    if (!isPreparer(native)) throw new Error('the better-sqlite3 driver has no open database handle');
    prepares = [];
    sut = new PreparedStatements(
      {
        prepare: (sql) => {
          prepares.push(sql);
          return native.prepare(sql);
        },
      },
      2,
    );
  });

  afterEach(() => dataSource.destroy());

  it('prepares a statement once and runs it for every row', async () => {
    for (let id = 1; id <= 3; id++) sut.get('INSERT INTO rows (id, value) VALUES (?, ?)').run(id, `row ${id}`);
    expect(prepares).toEqual(['INSERT INTO rows (id, value) VALUES (?, ?)']);
    expect(await dataSource.query('SELECT count(*) AS n FROM rows')).toEqual([{ n: 3 }]);
  });

  it('drops the least recently used statement past its capacity', () => {
    const [a, b, c] = ['SELECT 1', 'SELECT 2', 'SELECT 3'];
    sut.get(a);
    sut.get(b);
    sut.get(a); // a is now the most recently used
    sut.get(c); // evicts b
    sut.get(a);
    sut.get(b);
    expect(prepares).toEqual([a, b, c, b]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new PreparedStatements({ prepare: () => ({ run: () => ({ changes: 0 }) }) }, 0)).toThrow(/at least 1/);
  });
});
