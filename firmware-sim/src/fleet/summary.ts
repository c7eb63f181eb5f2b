import type { AppState, ReportedState } from '@gantry/protocol';
import type { SimGateway } from './sim-gateway.js';

/** Where one gateway stands, as its own report says. */
export interface GatewayStatus {
  deviceId: string;
  profile: string;
  isConnected: boolean;
  /** Every app running its target release and the target converged. */
  isConverged: boolean;
  /** The target failed, or an app failed, degraded or rolled back. */
  isFailing: boolean;
  /** Release each app runs or applies, by app id. */
  releases: Record<string, string>;
  /** Apps rolled back to their last good release, by app id. */
  rolledBack: Record<string, string>;
}

/** The fleet at one moment. */
export interface FleetSummary {
  at: string;
  gateways: number;
  /** Gateways whose agent process runs. */
  running: number;
  connected: number;
  /** Not connected (partitioned, reconnecting, or the agent is down). */
  offline: number;
  converged: number;
  failing: number;
  /** Neither converged nor failing: still applying, or no target yet. */
  applying: number;
  /** Gateways per release their apps run or apply. */
  releases: Record<string, number>;
  /** Gateways per app state. */
  appStates: Partial<Record<AppState, number>>;
  faults: { partitioned: number; slow: number; skewed: number; restarts: number; malformedSent: number };
  outbox: { pendingEvents: number; droppedEvents: number };
  /** Sums of the sync sessions' counters (of the agent processes running now). */
  sync: { connects: number; connectFailures: number; connectionsLost: number; reportsSent: number; eventsSent: number; telemetrySamplesSent: number };
}

const SYNC_COUNTERS = ['connects', 'connectFailures', 'connectionsLost', 'reportsSent', 'eventsSent', 'telemetrySamplesSent'] as const;

const FAILING_APP_STATES: ReadonlySet<AppState> = new Set(['failed', 'degraded', 'rolling-back', 'rolled-back']);

/** One gateway's standing, from the report its agent would send now. */
export function gatewayStatus(gateway: SimGateway): GatewayStatus {
  const report = gateway.report();
  return { deviceId: gateway.deviceId, profile: gateway.profileName, isConnected: gateway.isConnected, ...judge(report) };
}

function judge(report: ReportedState | undefined): Pick<GatewayStatus, 'isConverged' | 'isFailing' | 'releases' | 'rolledBack'> {
  const releases: Record<string, string> = {};
  const rolledBack: Record<string, string> = {};
  if (!report) return { isConverged: false, isFailing: false, releases, rolledBack };
  const apps = Object.entries(report.apps);
  let isFailing = report.target.state === 'failed' || report.target.state === 'refused';
  for (const [appId, app] of apps) {
    if (app.releaseId !== null) releases[appId] = app.releaseId;
    if (app.state === 'rolled-back' && app.releaseId !== null) rolledBack[appId] = app.releaseId;
    if (FAILING_APP_STATES.has(app.state)) isFailing = true;
  }
  const isConverged = !isFailing && report.target.state === 'converged' && apps.every(([, app]) => app.state === 'running');
  return { isConverged, isFailing, releases, rolledBack };
}

/** Counts over the whole fleet. */
export function summarize(gateways: readonly SimGateway[], nowMs: number): FleetSummary {
  const summary: FleetSummary = {
    at: new Date(nowMs).toISOString(),
    gateways: gateways.length,
    running: 0,
    connected: 0,
    offline: 0,
    converged: 0,
    failing: 0,
    applying: 0,
    releases: {},
    appStates: {},
    faults: { partitioned: 0, slow: 0, skewed: 0, restarts: 0, malformedSent: 0 },
    outbox: { pendingEvents: 0, droppedEvents: 0 },
    sync: { connects: 0, connectFailures: 0, connectionsLost: 0, reportsSent: 0, eventsSent: 0, telemetrySamplesSent: 0 },
  };
  for (const gateway of gateways) {
    const status = gatewayStatus(gateway);
    if (gateway.isRunning) summary.running += 1;
    if (status.isConnected) summary.connected += 1;
    else summary.offline += 1;
    if (status.isConverged) summary.converged += 1;
    else if (status.isFailing) summary.failing += 1;
    else summary.applying += 1;
    for (const releaseId of Object.values(status.releases)) summary.releases[releaseId] = (summary.releases[releaseId] ?? 0) + 1;
    for (const app of Object.values(gateway.report()?.apps ?? {})) summary.appStates[app.state] = (summary.appStates[app.state] ?? 0) + 1;
    if (gateway.link.partitioned) summary.faults.partitioned += 1;
    if (gateway.link.isSlow) summary.faults.slow += 1;
    if (gateway.clockSkewMs !== 0) summary.faults.skewed += 1;
    summary.faults.restarts += Math.max(0, gateway.bootCount - 1);
    summary.faults.malformedSent += Object.values(gateway.malformedSent).reduce((a, b) => a + b, 0);
    summary.outbox.pendingEvents += gateway.outbox.size;
    summary.outbox.droppedEvents += gateway.outbox.dropped;
    const counters = gateway.counters();
    if (counters) for (const key of SYNC_COUNTERS) summary.sync[key] += counters[key];
  }
  return summary;
}

/** One line for a terminal: `12:00:01  connected 98/100  converged 70  failing 30  offline 2  thermo@1:70 thermo@2:30`. */
export function summaryLine(summary: FleetSummary): string {
  const releases = Object.entries(summary.releases)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([release, count]) => `${release}:${count}`)
    .join(' ');
  const faults = summary.faults.partitioned > 0 ? `  partitioned ${summary.faults.partitioned}` : '';
  return `${summary.at.slice(11, 19)}  connected ${summary.connected}/${summary.gateways}  converged ${summary.converged}  failing ${summary.failing}  applying ${summary.applying}  offline ${summary.offline}${faults}  events queued ${summary.outbox.pendingEvents}${releases ? `  ${releases}` : ''}`;
}
