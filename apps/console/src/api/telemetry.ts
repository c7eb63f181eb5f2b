/*
 * A gateway's history as the console reads it. Mirrors apps/controller/src/telemetry/
 * history.controller.ts and history.query.ts (TelemetryQuerySchema, EventsQuerySchema)
 * and the protocol's TelemetrySampleSchema, ServiceUsageSchema and EVENT_DETAILS.
 */
import { devicePath, type GatewayUsage } from './devices';

export interface ServiceUsage {
  app: string;
  service: string;
  cpuNanoCpus: number;
  memoryBytes: number;
  pids: number;
  blkio: { readBytes: number; writeBytes: number };
  /** The memory cap in force; null when the service is uncapped. */
  memoryLimitBytes: number | null;
}

export interface TelemetrySample {
  ts: string;
  gateway?: GatewayUsage;
  services: ServiceUsage[];
}

export interface TelemetryPage {
  items: TelemetrySample[];
}

/** Most samples one request may ask for (TelemetryQuerySchema). */
export const MAX_TELEMETRY_SAMPLES = 5000;

export const TIME_RANGES = [
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 60 * 60_000 },
  { id: '6h', label: '6 h', ms: 6 * 60 * 60_000 },
  { id: '24h', label: '24 h', ms: 24 * 60 * 60_000 },
] as const;
export type TimeRangeId = (typeof TIME_RANGES)[number]['id'];

export function timeRange(id: TimeRangeId): (typeof TIME_RANGES)[number] {
  return TIME_RANGES.find((range) => range.id === id) ?? TIME_RANGES[0];
}

/** `GET /devices/:id/telemetry` for the window ending at `now`. */
export function telemetryPath(deviceId: string, rangeMs: number, now: number): string {
  const since = new Date(now - rangeMs).toISOString();
  return devicePath(deviceId, `/telemetry?since=${encodeURIComponent(since)}&limit=${MAX_TELEMETRY_SAMPLES}`);
}

/** Type of the rows the controller adds where sequence numbers never arrived. */
export const GAP_EVENT = 'gap';

/** One entry of the event timeline; `detail` is the protocol event's detail (or `{from, to, missing}` for a gap). */
export interface EventView {
  seq: number;
  type: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface EventPage {
  items: EventView[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  nextBefore: number | null;
}

export const EVENT_PAGE_SIZE = 50;

/** `GET /devices/:id/events`: newest first, `before` going back. */
export function eventsPath(deviceId: string, before?: number): string {
  return devicePath(deviceId, `/events?limit=${EVENT_PAGE_SIZE}${before === undefined ? '' : `&before=${before}`}`);
}
