import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteFile, type SqliteFile } from '../../test/sqlite-file.js';
import { GAP_EVENT, readStoredInRanges } from './stored-events.js';

describe('readStoredInRanges on SQLite', () => {
  let file: SqliteFile;
  let dataSource: DataSource;
  let plans: string[];

  beforeEach(async () => {
    file = await openSqliteFile('stored-events');
    dataSource = file.dataSource;
    const insert = 'INSERT INTO device_events (device_id, seq, type, at, detail) VALUES (?, ?, ?, ?, ?)';
    for (let seq = 1; seq <= 50; seq += 1) await dataSource.query(insert, ['gw-1', seq, 'service.started', '2026-11-23 10:00:00.000', '{}']);
    await dataSource.query(insert, ['gw-1', 60, GAP_EVENT, '2026-11-23 10:00:01.000', JSON.stringify({ from: 60, to: 64, missing: 5 })]);
    await dataSource.query(insert, ['gw-2', 3, 'service.started', '2026-11-23 10:00:00.000', '{}']);
    plans = [];
  });

  afterEach(async () => {
    await file.close();
  });

  /** The data source, with the plan of every query it runs recorded first. */
  function explaining(): DataSource {
    return new Proxy(dataSource, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
        return async (sql: string, parameters: unknown[]) => {
          const plan: { detail: string }[] = await target.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
          plans.push(plan.map((step) => step.detail).join(' | '));
          return target.query(sql, parameters);
        };
      },
    });
  }

  it('finds the stored numbers in each span and the gaps up to its end, through the indexes', async () => {
    const stored = await readStoredInRanges(
      explaining(),
      new Map([
        ['gw-1', { lowest: 48, highest: 70 }],
        ['gw-2', { lowest: 4, highest: 6 }],
      ]),
    );
    expect(stored.knownSeqs).toEqual(new Map([['gw-1', new Set([48, 49, 50])]]));
    expect(stored.gaps).toEqual(new Map([['gw-1', [{ id: 51, from: 60, to: 64, at: new Date('2026-11-23T10:00:01.000Z') }]]]));
    const [known, gaps] = plans;
    expect(known).toContain('USING INDEX idx_device_events_device_seq');
    expect(gaps).toContain('USING INDEX idx_device_events_gaps');
    expect(`${known} ${gaps}`).not.toMatch(/SCAN e\b/);
  });
});
