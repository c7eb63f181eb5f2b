'use client';

import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ticksFor, timeTicks } from './chart-ticks';
import { peakOf } from './telemetry-series';

export interface ChartPoint {
  t: number;
  value: number | null;
}

interface UsageChartProps {
  title: string;
  points: readonly ChartPoint[];
  /** The line use is measured against (allocatable, a cap); none for uncapped services. */
  limit: number | null | undefined;
  limitLabel: string;
  format: (value: number) => string;
  /** The amount axis ticks are round numbers of, given the axis' peak (MiB, GiB, one CPU). */
  unit: (peak: number) => number;
  /** The window shown, so an empty stretch at either end reads as "no data" rather than being cropped. */
  domain: [number, number];
  height?: number;
  tone?: 'memory' | 'cpu';
}

const timeOfDay = (t: number) => new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
const fullTime = (t: number) => new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
const COLORS = { memory: '#1f5fbf', cpu: '#1a7f4b' } as const;

/** Use over time as an area, with the limit it must stay under as a dashed line. */
export function UsageChart({ title, points, limit, limitLabel, format, unit, domain, height = 190, tone = 'memory' }: UsageChartProps) {
  const peak = Math.max(peakOf(points.map((point) => point.value)), limit ?? 0);
  const ticks = ticksFor(peak, unit(peak));
  const color = COLORS[tone];
  return (
    <figure className="gw-chart">
      <figcaption>{title}</figcaption>
      {points.length === 0 ? (
        <p className="gw-chart-empty muted" style={{ height }}>
          No samples in this window.
        </p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <AreaChart data={points as ChartPoint[]} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="#eef0f3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={domain} ticks={timeTicks(domain)} tickFormatter={timeOfDay} tick={{ fontSize: 11, fill: '#5d6878' }} minTickGap={24} />
            <YAxis domain={[0, ticks.at(-1) ?? 1]} ticks={ticks} tickFormatter={(value: number) => format(value)} tick={{ fontSize: 11, fill: '#5d6878' }} width={72} />
            <Tooltip labelFormatter={(label) => fullTime(Number(label))} formatter={(value) => [typeof value === 'number' ? format(value) : '—', title]} />
            {limit === null || limit === undefined ? null : (
              <ReferenceLine y={limit} stroke="#c23434" strokeDasharray="5 4" label={{ value: `${limitLabel} ${format(limit)}`, position: 'insideTopRight', fontSize: 11, fill: '#c23434' }} />
            )}
            <Area type="monotone" dataKey="value" stroke={color} fill={color} fillOpacity={0.15} strokeWidth={2} connectNulls={false} isAnimationActive={false} dot={false} />
          </AreaChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
