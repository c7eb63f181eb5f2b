import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceEvent } from '../telemetry/device-event.entity.js';
import { StatementTemplate } from './statement-template.js';

describe('StatementTemplate', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [DeviceEvent], synchronize: true }).initialize();
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  const insertTemplate = () =>
    StatementTemplate.of(
      dataSource,
      DeviceEvent,
      dataSource
        .createQueryBuilder()
        .insert()
        .into(DeviceEvent)
        .values({ deviceId: () => ':deviceId', seq: () => ':seq', type: () => ':type', at: () => ':at', detail: () => ':detail' }),
    );

  it('binds numbers as parameters, so every row runs the same SQL text', async () => {
    const template = insertTemplate();
    const rows = [1, 2, 3].map((seq) =>
      template.bind({ deviceId: 'gw-1', seq, type: 'service.started', at: template.value('at', new Date(Date.UTC(2026, 10, 23, 12, 0, seq))), detail: template.value('detail', { n: seq }) }),
    );
    expect(new Set(rows.map(([sql]) => sql)).size).toBe(1);
    expect(rows[0]?.[0]).not.toMatch(/:\w/);
    for (const [sql, parameters] of rows) await dataSource.query(sql, [...parameters]);
    const stored = await dataSource.getRepository(DeviceEvent).find({ order: { seq: 'ASC' } });
    expect(stored.map((row) => [row.seq, row.detail, row.at.toISOString()])).toEqual([
      [1, { n: 1 }, '2026-11-23T12:00:01.000Z'],
      [2, { n: 2 }, '2026-11-23T12:00:02.000Z'],
      [3, { n: 3 }, '2026-11-23T12:00:03.000Z'],
    ]);
  });

  it('binds booleans and dates as the SQLite driver stores them', () => {
    const template = StatementTemplate.of(dataSource, DeviceEvent, dataSource.createQueryBuilder().select('1').from(DeviceEvent, 'e').where('e.seq = :flag AND e.at < :at'));
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    expect(template.bind({ flag: true, at })[1]).toEqual([1, '2026-01-02 03:04:05.006']);
  });

  it('binds whole numbers as integers, as the number literals TypeORM wrote were', async () => {
    const template = StatementTemplate.of(dataSource, DeviceEvent, dataSource.createQueryBuilder().select('typeof(:whole)', 'whole').addSelect('typeof(:half)', 'half').from(DeviceEvent, 'e'));
    await dataSource.query("INSERT INTO device_events (device_id, seq, type, at, detail) VALUES ('gw-1', 1, 't', '2026-01-01 00:00:00.000', '{}')");
    expect(await dataSource.query(...template.bind({ whole: 7, half: 0.5 }))).toEqual([{ whole: 'integer', half: 'real' }]);
  });

  it('refuses a binding without a parameter the statement needs', () => {
    const template = insertTemplate();
    template.bind({ deviceId: 'gw-1', seq: 1, type: 't', at: '2026-01-01 00:00:00.000', detail: '{}' });
    expect(() => template.bind({ deviceId: 'gw-1', seq: 2, type: 't', at: '2026-01-01 00:00:00.000' })).toThrow(/needs the parameter detail/);
  });
});
