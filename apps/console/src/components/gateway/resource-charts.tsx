'use client';

import { useMemo, useState } from 'react';
import type { ResourceAmounts } from '@/api/devices';
import { MAX_TELEMETRY_SAMPLES, timeRange, type TelemetrySample, type TimeRangeId } from '@/api/telemetry';
import { formatBytes, formatCpus } from '@/lib/format';
import { CPU_UNIT, memoryUnit } from './chart-ticks';
import { RangeSelector } from './range-selector';
import type { ServiceRow } from './service-rows';
import { gatewaySeries, serviceSeries } from './telemetry-series';
import { UsageChart } from './usage-chart';

interface ResourceChartsProps {
  samples: readonly TelemetrySample[];
  allocatable: ResourceAmounts | null;
  rows: readonly ServiceRow[];
  rangeId: TimeRangeId;
  onRange: (range: TimeRangeId) => void;
  /** The end of the window: the time of the newest request. */
  until: number;
  isLoading: boolean;
}

type Metric = 'memory' | 'cpu';
const cpuUnit = () => CPU_UNIT;

/** Memory and CPU over time: the gateway against allocatable, then each service against its caps. */
export function ResourceCharts({ samples, allocatable, rows, rangeId, onRange, until, isLoading }: ResourceChartsProps) {
  const [metric, setMetric] = useState<Metric>('memory');
  const gateway = useMemo(() => gatewaySeries(samples), [samples]);
  const services = useMemo(() => serviceSeries(samples), [samples]);
  const cpuCaps = useMemo(() => new Map(rows.map((row) => [row.key, row.cpuCapNanoCpus])), [rows]);
  const domain: [number, number] = [until - timeRange(rangeId).ms, until];

  return (
    <section className="card" aria-labelledby="charts-heading">
      <div className="gw-card-head">
        <h2 id="charts-heading">Resource use</h2>
        <div className="actions">
          {isLoading ? <span className="gw-spinner" aria-label="Loading samples" /> : null}
          <RangeSelector value={rangeId} onChange={onRange} />
        </div>
      </div>
      {samples.length >= MAX_TELEMETRY_SAMPLES ? <p className="muted fl-small">Showing the newest {MAX_TELEMETRY_SAMPLES.toLocaleString('en')} samples of this window.</p> : null}
      <div className="gw-chart-grid">
        <UsageChart title="Gateway memory" tone="memory" points={gateway.map((point) => ({ t: point.t, value: point.memoryBytes }))} limit={allocatable?.memoryBytes} limitLabel="allocatable" format={formatBytes} unit={memoryUnit} domain={domain} />
        <UsageChart title="Gateway CPU" tone="cpu" points={gateway.map((point) => ({ t: point.t, value: point.cpuNanoCpus }))} limit={allocatable?.nanoCpus} limitLabel="allocatable" format={formatCpus} unit={cpuUnit} domain={domain} />
      </div>
      <div className="gw-card-head gw-chart-subhead">
        <h3>Per service</h3>
        <div className="segmented gw-toggle" role="group" aria-label="Service metric">
          <button type="button" aria-pressed={metric === 'memory'} onClick={() => setMetric('memory')}>
            Memory
          </button>
          <button type="button" aria-pressed={metric === 'cpu'} onClick={() => setMetric('cpu')}>
            CPU
          </button>
        </div>
      </div>
      {services.length === 0 ? (
        <p className="muted">No service samples in this window.</p>
      ) : (
        <div className="gw-chart-grid gw-chart-grid-small">
          {services.map((series) =>
            metric === 'memory' ? (
              <UsageChart key={series.key} title={series.key} tone="memory" points={series.points.map((point) => ({ t: point.t, value: point.memoryBytes }))} limit={series.memoryLimitBytes} limitLabel="cap" format={formatBytes} unit={memoryUnit} domain={domain} height={150} />
            ) : (
              <UsageChart key={series.key} title={series.key} tone="cpu" points={series.points.map((point) => ({ t: point.t, value: point.cpuNanoCpus }))} limit={cpuCaps.get(series.key)} limitLabel="cap" format={formatCpus} unit={cpuUnit} domain={domain} height={150} />
            ),
          )}
        </div>
      )}
    </section>
  );
}
