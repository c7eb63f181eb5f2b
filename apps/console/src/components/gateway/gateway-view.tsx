'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { devicePath, type DeviceDetailView } from '@/api/devices';
import { telemetryPath, timeRange, type TelemetryPage, type TimeRangeId } from '@/api/telemetry';
import { ConfirmButton } from '@/components/confirm-button';
import { useThrottled } from '@/components/deployments/use-throttled';
import { ErrorBanner } from '@/components/error-banner';
import { useNow } from '@/components/fleet/use-now';
import { LiveIndicator } from '@/components/live-indicator';
import { api } from '@/lib/api';
import { absoluteTime, relativeTime } from '@/lib/format';
import { useLive } from '@/lib/live';
import { useApi } from '@/lib/use-api';
import type { CommandContext } from './command-outcome';
import { CommandsCard } from './commands-card';
import { EventTimeline } from './event-timeline';
import { GatewayHeader } from './gateway-header';
import { GatewayNotFound } from './gateway-not-found';
import { LabelEditor } from './label-editor';
import { LogViewer } from './log-viewer';
import { ResourceCharts } from './resource-charts';
import { ResourcesCard } from './resources-card';
import { runCommand } from './run-command';
import { serviceRows, type ServiceRow } from './service-rows';
import { ServicesTable } from './services-table';

const LIVE_TYPES = ['device.online', 'device.offline', 'device.reported', 'device.labels-changed', 'device.revoked'];
const CHART_REFRESH_MS = 10_000;

/** Why commands cannot reach the gateway now, in words; undefined when they can. */
function blockedReason(device: DeviceDetailView, now: number): string | undefined {
  if (device.revoked) return 'The gateway is revoked; it takes no commands.';
  if (device.status === 'online') return undefined;
  if (device.lastSeenAt === null) return 'The gateway has never connected; commands reach only connected gateways.';
  return `The gateway is offline since ${relativeTime(device.lastSeenAt, now)} (${absoluteTime(device.lastSeenAt)}); commands reach only connected gateways.`;
}

/** Everything about one gateway: who it is, its labels, services, resource use, events, logs and commands. */
export function GatewayView({ id }: { id: string }) {
  // A missing gateway stays missing: asking again every few seconds would not change that.
  const detail = useApi<DeviceDetailView>(devicePath(id), { shouldRetryOnError: (error) => error.status !== 404 });
  const now = useNow();
  const chartsUntil = useNow(CHART_REFRESH_MS);
  const [rangeId, setRangeId] = useState<TimeRangeId>('15m');
  const telemetry = useApi<TelemetryPage>(detail.data === undefined ? null : telemetryPath(id, timeRange(rangeId).ms, chartsUntil));
  const [logsOf, setLogsOf] = useState<{ app: string; service: string } | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const logsRef = useRef<HTMLDivElement>(null);

  const refresh = useThrottled(() => void detail.mutate(), 1000);
  const live = useLive({ types: LIVE_TYPES, deviceId: id }, refresh);

  const device = detail.data;
  const latest = useRef(device);
  useEffect(() => {
    latest.current = device;
  });
  // Stable, so an in-flight follow of the logs is not restarted by every report.
  const context = useCallback((): CommandContext => ({ lastSeenAt: latest.current?.lastSeenAt ?? null, now: Date.now() }), []);

  useEffect(() => {
    if (logsOf !== undefined) logsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }, [logsOf]);

  if (detail.error?.status === 404) return <GatewayNotFound id={id} />;
  if (device === undefined) {
    return detail.error === undefined ? <p className="muted">Loading the gateway…</p> : <ErrorBanner error={detail.error} title="The gateway could not be loaded" />;
  }

  const rows = serviceRows(device.reported, telemetry.data?.items ?? []);
  const commandsBlocked = blockedReason(device, now);
  const restart = async (row: ServiceRow) => {
    const result = await runCommand(id, { type: 'restart', app: row.app, service: row.service }, context);
    setNotice(`${row.key} restarted at ${absoluteTime(result.restartedAt)}.`);
    await detail.mutate();
  };
  const revoke = async () => {
    await api(devicePath(id, '/revoke'), { method: 'POST' });
    await detail.mutate();
  };

  return (
    <>
      <title>{`${device.name} · Gantry`}</title>
      <GatewayHeader
        device={device}
        now={now}
        actions={
          <>
            <LiveIndicator state={live} />
            <ConfirmButton
              label="Revoke"
              confirmLabel={`Revoke ${device.name}`}
              disabled={device.revoked}
              message={
                <p>
                  <strong>{device.name}</strong> will be disconnected at once and its credentials refused from then on: it cannot reconnect, and no new apps, releases or commands reach it. This cannot be undone.
                </p>
              }
              onConfirm={revoke}
            />
          </>
        }
      />
      <ErrorBanner error={detail.error} title="The gateway could not be refreshed" />
      {device.revoked ? <p className="banner banner-error">This gateway is revoked: it cannot connect, and nothing is sent to it.</p> : null}
      <div className="grid">
        <ResourcesCard device={device} />
        <LabelEditor device={device} onSaved={() => detail.mutate()} />
        <CommandsCard deviceId={id} commandsBlocked={commandsBlocked} context={context} />
      </div>
      <section aria-labelledby="services-heading" className="gw-section">
        <div className="gw-card-head">
          <h2 id="services-heading">Services</h2>
          {notice === undefined ? null : (
            <span className="gw-notice" role="status">
              {notice}{' '}
              <button type="button" className="button small" onClick={() => setNotice(undefined)}>
                Dismiss
              </button>
            </span>
          )}
        </div>
        {rows.length === 0 ? (
          <p className="empty-state">{device.reported === null ? 'The gateway has not reported its state yet.' : 'No apps run here. Deploy an app to gateways with matching labels on the Deployments page.'}</p>
        ) : (
          <ServicesTable deviceName={device.name} rows={rows} commandsBlocked={commandsBlocked} selectedLogs={logsOf === undefined ? undefined : `${logsOf.app}/${logsOf.service}`} onLogs={(row) => setLogsOf({ app: row.app, service: row.service })} onRestart={restart} />
        )}
      </section>
      {logsOf === undefined ? null : (
        <div ref={logsRef}>
          <LogViewer key={`${logsOf.app}/${logsOf.service}`} deviceId={id} app={logsOf.app} service={logsOf.service} commandsBlocked={commandsBlocked} context={context} onClose={() => setLogsOf(undefined)} />
        </div>
      )}
      <ResourceCharts samples={telemetry.data?.items ?? []} allocatable={device.allocatable} rows={rows} rangeId={rangeId} onRange={setRangeId} until={chartsUntil} isLoading={telemetry.isValidating} />
      <ErrorBanner error={telemetry.error} title="The resource samples could not be loaded" />
      <EventTimeline deviceId={id} now={now} />
    </>
  );
}
