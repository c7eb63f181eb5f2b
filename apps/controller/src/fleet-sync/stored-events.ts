import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { DeviceEvent } from '../telemetry/device-event.entity.js';
import type { StoredGap } from './event-plan.js';

/** A gateway's span of sequence numbers in the arrivals of a batch. */
export interface SeqRange {
  readonly lowest: number;
  readonly highest: number;
}

/** What is stored for the gateways of a batch: the numbers already in each span, and the gaps recorded up to its end. */
export interface StoredInRanges {
  readonly knownSeqs: Map<string, Set<number>>;
  readonly gaps: Map<string, StoredGap[]>;
}

/** Type of the rows that record missing sequence numbers. */
export const GAP_EVENT = 'gap';

/*
 * Each read joins the batch's spans, passed as parameters, to the events table, so its text
 * is the same for every batch (one prepared statement) and each gateway's span is an index
 * range: (device_id, seq) for stored events, the partial gap index for gaps. Only the table
 * of spans, r(device_id, lowest, highest), is written per dialect.
 */
const SPANS = {
  sqlite: `(SELECT json_extract(value, '$[0]') AS device_id, json_extract(value, '$[1]') AS lowest, json_extract(value, '$[2]') AS highest FROM json_each(?)) AS r`,
  postgres: `unnest($1::varchar[], $2::integer[], $3::integer[]) AS r(device_id, lowest, highest)`,
};
const knownSql = (spans: string) =>
  `SELECT e.device_id AS "deviceId", e.seq AS "seq" FROM ${spans}
    JOIN device_events AS e ON e.device_id = r.device_id AND e.seq BETWEEN r.lowest AND r.highest
    WHERE e.type <> '${GAP_EVENT}'`;
const gapsSql = (spans: string) =>
  `SELECT e.id AS "id", e.device_id AS "deviceId", e.seq AS "seq", e.at AS "at", e.detail AS "detail" FROM ${spans}
    JOIN device_events AS e ON e.device_id = r.device_id AND e.type = '${GAP_EVENT}' AND e.seq <= r.highest`;
const SQL = {
  sqlite: { known: knownSql(SPANS.sqlite), gaps: gapsSql(SPANS.sqlite) },
  postgres: { known: knownSql(SPANS.postgres), gaps: gapsSql(SPANS.postgres) },
};

const KnownRowSchema = z.object({ deviceId: z.string(), seq: z.coerce.number() });
const GapRowSchema = z.object({ id: z.coerce.number(), deviceId: z.string(), seq: z.coerce.number(), at: z.unknown(), detail: z.unknown() });
const GapDetailSchema = z.object({ to: z.coerce.number() });

/** Reads what is stored in each gateway's span: two queries for the whole batch. */
export async function readStoredInRanges(dataSource: DataSource, ranges: ReadonlyMap<string, SeqRange>): Promise<StoredInRanges> {
  const isPostgres = dataSource.options.type === 'postgres';
  const sql = isPostgres ? SQL.postgres : SQL.sqlite;
  const spans = [...ranges];
  const parameters = isPostgres
    ? [spans.map(([deviceId]) => deviceId), spans.map(([, range]) => range.lowest), spans.map(([, range]) => range.highest)]
    : [JSON.stringify(spans.map(([deviceId, range]) => [deviceId, range.lowest, range.highest]))];
  const known: unknown[] = await dataSource.query(sql.known, parameters);
  const gapRows: unknown[] = await dataSource.query(sql.gaps, parameters);

  const knownSeqs = new Map<string, Set<number>>();
  for (const { deviceId, seq } of known.map((row) => KnownRowSchema.parse(row))) knownSeqs.set(deviceId, (knownSeqs.get(deviceId) ?? new Set()).add(seq));
  const metadata = dataSource.getMetadata(DeviceEvent);
  const column = (property: 'at' | 'detail') => {
    const found = metadata.findColumnWithPropertyName(property);
    if (found === undefined) throw new Error(`DeviceEvent has no column ${property}`);
    return found;
  };
  const [atColumn, detailColumn] = [column('at'), column('detail')];
  const gaps = new Map<string, StoredGap[]>();
  for (const row of gapRows.map((raw) => GapRowSchema.parse(raw))) {
    const at: unknown = dataSource.driver.prepareHydratedValue(row.at, atColumn);
    if (!(at instanceof Date)) throw new Error(`gap row ${row.id} has no time`);
    const stored: StoredGap = { id: row.id, from: row.seq, to: GapDetailSchema.parse(dataSource.driver.prepareHydratedValue(row.detail, detailColumn)).to, at };
    const ofDevice = gaps.get(row.deviceId);
    if (ofDevice === undefined) gaps.set(row.deviceId, [stored]);
    else ofDevice.push(stored);
  }
  return { knownSeqs, gaps };
}
