import type { ReportedState, ServiceStatus } from '../../api/devices';
import type { TelemetrySample } from '../../api/telemetry';

export interface ServiceRow {
  key: string;
  app: string;
  service: string;
  status: ServiceStatus;
  /** From the newest telemetry sample that has the service; undefined when none does. */
  memoryBytes: number | undefined;
  cpuNanoCpus: number | undefined;
  memoryCapBytes: number | null;
  cpuCapNanoCpus: number | null;
}

/** Every service the gateway reported, in app/service order, with its newest measured use. */
export function serviceRows(reported: ReportedState | null, samples: readonly TelemetrySample[]): ServiceRow[] {
  if (reported === null) return [];
  const newest = new Map<string, { memoryBytes: number; cpuNanoCpus: number; memoryLimitBytes: number | null }>();
  for (const sample of samples) for (const usage of sample.services) newest.set(`${usage.app}/${usage.service}`, usage);
  return Object.entries(reported.apps)
    .flatMap(([app, appStatus]) =>
      Object.entries(appStatus.services).map(([service, status]) => {
        const key = `${app}/${service}`;
        const usage = newest.get(key);
        return {
          key,
          app,
          service,
          status,
          memoryBytes: usage?.memoryBytes,
          cpuNanoCpus: usage?.cpuNanoCpus,
          memoryCapBytes: status.caps?.applied.memoryBytes ?? usage?.memoryLimitBytes ?? null,
          cpuCapNanoCpus: status.caps?.applied.nanoCpus ?? null,
        };
      }),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
}
