import type { TelemetrySample } from '../../api/telemetry';

/*
 * Telemetry samples as chart rows. Where samples stop for a while (the gateway was offline,
 * telemetry was thinned), a row of nulls is put in the hole so the line breaks there
 * instead of drawing a straight line across time nobody measured.
 */

/** Samples further apart than this many typical intervals mark a hole. */
const GAP_FACTOR = 3;

export interface GatewayPoint {
  t: number;
  memoryBytes: number | null;
  cpuNanoCpus: number | null;
}

export interface ServiceSeries {
  /** `app/service`. */
  key: string;
  app: string;
  service: string;
  points: GatewayPoint[];
  /** The newest memory cap seen in the window; null when uncapped. */
  memoryLimitBytes: number | null;
}

/** The median distance between consecutive times, or undefined with fewer than two. */
export function typicalIntervalMs(times: readonly number[]): number | undefined {
  const deltas = times
    .slice(1)
    .map((time, index) => time - (times[index] ?? time))
    .filter((delta) => delta > 0)
    .sort((a, b) => a - b);
  if (deltas.length === 0) return undefined;
  return deltas[Math.floor(deltas.length / 2)];
}

/** Puts a `hole(t)` row in the middle of every stretch longer than GAP_FACTOR intervals. */
function withHoles<P extends { t: number }>(points: readonly P[], intervalMs: number | undefined, hole: (t: number) => P): P[] {
  if (intervalMs === undefined) return [...points];
  const rows: P[] = [];
  points.forEach((point, index) => {
    const previous = points[index - 1];
    if (previous !== undefined && point.t - previous.t > intervalMs * GAP_FACTOR) rows.push(hole(Math.round((previous.t + point.t) / 2)));
    rows.push(point);
  });
  return rows;
}

const emptyAt = (t: number): GatewayPoint => ({ t, memoryBytes: null, cpuNanoCpus: null });

/** The gateway's own memory and CPU use over time. */
export function gatewaySeries(samples: readonly TelemetrySample[]): GatewayPoint[] {
  const points = samples.flatMap((sample): GatewayPoint[] =>
    sample.gateway === undefined ? [] : [{ t: Date.parse(sample.ts), memoryBytes: sample.gateway.memoryBytes, cpuNanoCpus: sample.gateway.cpuNanoCpus }],
  );
  return withHoles(points, typicalIntervalMs(points.map((point) => point.t)), emptyAt);
}

/** One series per service that appears in the window, in app/service order. */
export function serviceSeries(samples: readonly TelemetrySample[]): ServiceSeries[] {
  const byKey = new Map<string, ServiceSeries>();
  for (const sample of samples) {
    const t = Date.parse(sample.ts);
    for (const usage of sample.services) {
      const key = `${usage.app}/${usage.service}`;
      let series = byKey.get(key);
      if (series === undefined) {
        series = { key, app: usage.app, service: usage.service, points: [], memoryLimitBytes: null };
        byKey.set(key, series);
      }
      series.points.push({ t, memoryBytes: usage.memoryBytes, cpuNanoCpus: usage.cpuNanoCpus });
      series.memoryLimitBytes = usage.memoryLimitBytes;
    }
  }
  // Judged against the whole stream's interval: a service absent from samples others are in was not running.
  const interval = typicalIntervalMs(samples.map((sample) => Date.parse(sample.ts)));
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key)).map((series) => ({ ...series, points: withHoles(series.points, interval, emptyAt) }));
}

/** The largest value, for an axis tall enough to show both the line and the cap above it. */
export function peakOf(values: ReadonlyArray<number | null | undefined>): number {
  return values.reduce<number>((peak, value) => Math.max(peak, value ?? 0), 0);
}
