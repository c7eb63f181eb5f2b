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
 * Each read joins the batch's spans, passed as one parameter, to the events table, so its
 * text is the same for every batch (one prepared statement) and each gateway's span is an
 * index range: (device_id, seq) for stored events, the partial gap index for gaps.
 */
const SQLITE = {
  known: `SELECT e.device_id AS "deviceId", e.seq AS "seq" FROM json_each(?) AS r
    JOIN device_events AS e ON e.device_id = json_extract(r.value, '$[0]') AND e.seq BETWEEN json_extract(r.value, '$[1]') AND json_extract(r.value, '$[2]')
    WHERE e.type <> '${GAP_EVENT}'`,
  gaps: `SELECT e.id AS "id", e.device_id AS "deviceId", e.seq AS "seq", e.at AS "at", e.detail AS "detail" FROM json_each(?) AS r
    JOIN device_events AS e ON e.device_id = json_extract(r.value, '$[0]') AND e.type = '${GAP_EVENT}' AND e.seq <= json_extract(r.value, '$[2]')`,
};
const POSTGRES = {
  known: `SELECT e.device_id AS "deviceId", e.seq AS "seq" FROM unnest($1::varchar[], $2::integer[], $3::integer[]) AS r(device_id, lowest, highest)
    JOIN device_events AS e ON e.device_id = r.device_id AND e.seq BETWEEN r.lowest AND r.highest
    WHERE e.type <> '${GAP_EVENT}'`,
  gaps: `SELECT e.id AS "id", e.device_id AS "deviceId", e.seq AS "seq", e.at AS "at", e.detail AS "detail" FROM unnest($1::varchar[], $2::integer[], $3::integer[]) AS r(device_id, lowest, highest)
    JOIN device_events AS e ON e.device_id = r.device_id AND e.type = '${GAP_EVENT}' AND e.seq <= r.highest`,
};

const KnownRowSchema = z.object({ deviceId: z.string(), seq: z.coerce.number() });
const GapRowSchema = z.object({ id: z.coerce.number(), deviceId: z.string(), seq: z.coerce.number(), at: z.unknown(), detail: z.unknown() });
const GapDetailSchema = z.object({ to: z.coerce.number() });

/** Reads what is stored in each gateway's span: two queries for the whole batch. */
export async function readStoredInRanges(dataSource: DataSource, ranges: ReadonlyMap<string, SeqRange>): Promise<StoredInRanges> {
  const isPostgres = dataSource.options.type === 'postgres';
  const sql = isPostgres ? POSTGRES : SQLITE;
  const spans = [...ranges];
  const parameters = isPostgres
    ? [spans.map(([deviceId]) => deviceId), spans.map(([, range]) => range.lowest), spans.map(([, range]) => range.highest)]
    : [JSON.stringify(spans.map(([deviceId, range]) => [deviceId, range.lowest, range.highest]))];
  const known: unknown[] = await dataSource.query(sql.known, parameters);
  const gapRows: unknown[] = await dataSource.query(sql.gaps, parameters);

  const knownSeqs = new Map<string, Set<number>>();
  for (const { deviceId, seq } of known.map((row) => KnownRowSchema.parse(row))) knownSeqs.set(deviceId, (knownSeqs.get(deviceId) ?? new Set()).add(seq));
  const columns = dataSource.getMetadata(DeviceEvent);
  const hydrate = (property: 'at' | 'detail', value: unknown): unknown => {
    const column = columns.findColumnWithPropertyName(property);
    if (column === undefined) throw new Error(`DeviceEvent has no column ${property}`);
    return dataSource.driver.prepareHydratedValue(value, column);
  };
  const gaps = new Map<string, StoredGap[]>();
  for (const row of gapRows.map((raw) => GapRowSchema.parse(raw))) {
    const at = hydrate('at', row.at);
    if (!(at instanceof Date)) throw new Error(`gap row ${row.id} has no time`);
    const stored: StoredGap = { id: row.id, from: row.seq, to: GapDetailSchema.parse(hydrate('detail', row.detail)).to, at };
    const ofDevice = gaps.get(row.deviceId);
    if (ofDevice === undefined) gaps.set(row.deviceId, [stored]);
    else ofDevice.push(stored);
  }
  return { knownSeqs, gaps };
}
