import type { ResourceCaps } from '@gantry/app-spec';
import { isoTimestamp, type AppState, type AppStatus, type CapsStatus, type GatewayResources, type LastError, type ReportedState, type ServiceStatus, type TargetProgress } from '@gantry/protocol';
import { configHash } from '../plan/config-hash.js';
import type { ReleaseHealth } from '../release/health.js';
import type { CurrentState, ManagedContainer } from '../state/current.js';
import type { TargetApp } from '../state/target.js';
import type { AgentState } from '../store/agent-state.js';
import type { SupervisorStatus } from '../supervise/supervisor.js';

/** A cloud target the gateway refused as a whole (it was never stored, so it is not acked). */
export interface RefusedTarget {
  readonly version: number;
  readonly hash: string;
  readonly reason: string;
}

/** The caps of a container as reported; the agent fills in what reading its cgroup found. */
export type CapsStatusOf = (container: ManagedContainer, applied: ResourceCaps) => CapsStatus;

/** What a report is built from. */
export interface ReportInput {
  readonly status: SupervisorStatus;
  /** The gateway as last read; undefined before the first reconcile. */
  readonly current: CurrentState | undefined;
  readonly gateway: GatewayResources;
  readonly refused?: RefusedTarget | undefined;
  /** Without it caps are reported as applied but `unverified`. */
  readonly capsStatus?: CapsStatusOf | undefined;
  readonly now: Date;
  /** The report sent before, so an error that persists keeps the time it first appeared. */
  readonly previous?: ReportedState | undefined;
}

/**
 * The gateway's complete current state as the cloud sees it: per app and service status,
 * release, health, caps and last error; the ack (`ackedVersion` is the highest cloud target
 * stored durably); how far that target got; and what the gateway can allocate. Pure.
 */
export function buildReport(input: ReportInput): ReportedState {
  const { state } = input.status;
  const stored = state.target?.source === 'cloud' ? state.target : null;
  const apps: Record<string, AppStatus> = {};
  for (const [appId, app] of Object.entries(input.status.target.apps)) apps[appId] = targetAppStatus(appId, app, input);
  for (const [appId, containers] of containersByApp(input.current)) {
    if (!(appId in apps)) apps[appId] = removingAppStatus(appId, containers, input);
  }
  return {
    ackedVersion: stored?.version ?? 0,
    ackedHash: stored?.hash ?? null,
    target: targetProgress(input, stored?.version ?? 0),
    apps,
    gateway: input.gateway,
  };
}

function targetProgress(input: ReportInput, ackedVersion: number): TargetProgress {
  const { refused, status } = input;
  if (refused && refused.version > ackedVersion) return { version: refused.version, state: 'refused', reason: refused.reason };
  if (ackedVersion === 0) return { version: 0, state: 'none' };
  const healths = Object.entries(status.health);
  const failed = healths.find(([appId, health]) => health.state === 'failed' && !status.state.rolledBack[appId]);
  if (failed?.[1].state === 'failed') return { version: ackedVersion, state: 'failed', reason: `${failed[0]}: ${failed[1].reason}` };
  const last = status.lastReconcile;
  if (last?.error) return { version: ackedVersion, state: 'applying', reason: reasonText(`last reconcile failed: ${last.error}`) };
  // Healthy counts only for the release the target names (see `appState`).
  const everyAppHealthy = Object.entries(status.target.apps).every(
    ([appId, app]) => status.health[appId]?.state === 'healthy' && status.state.lastGood[appId]?.releaseId === app.releaseId,
  );
  const isIdle = last?.outcome !== undefined && last.outcome.waiting.length === 0;
  const hasLeftovers = [...containersByApp(input.current).keys()].some((appId) => !(appId in status.target.apps));
  return { version: ackedVersion, state: everyAppHealthy && isIdle && !hasLeftovers ? 'converged' : 'applying' };
}

function targetAppStatus(appId: string, app: TargetApp, input: ReportInput): AppStatus {
  const { state, health } = input.status;
  const containers = (input.current?.containers ?? []).filter((c) => c.appId === appId);
  const services: Record<string, ServiceStatus> = {};
  for (const [service, spec] of Object.entries(app.spec.services)) {
    const hash = configHash(spec);
    const mine = containers.filter((c) => c.service === service);
    const current = mine.find((c) => c.configHash === hash);
    const container = current ?? mine.at(-1);
    // A container whose service the release leaves as it was is kept, not recreated: it
    // runs this release, whatever release its labels say created it.
    services[service] = container ? serviceStatus(container, input, current ? app.releaseId : container.releaseId) : pendingService(app.releaseId);
  }
  for (const container of containers) services[container.service] ??= serviceStatus(container, input, container.releaseId);
  return {
    state: appState(appId, app, health[appId], state),
    releaseId: app.releaseId,
    lastGoodReleaseId: state.lastGood[appId]?.releaseId ?? null,
    services,
  };
}

function appState(appId: string, app: TargetApp, health: ReleaseHealth | undefined, state: AgentState): AppState {
  const rolledBack = state.rolledBack[appId];
  const isGood = state.lastGood[appId]?.releaseId === app.releaseId;
  if (rolledBack && rolledBack.toReleaseId === app.releaseId) {
    if (health?.state === 'healthy') return 'rolled-back';
    return health?.state === 'failed' ? 'failed' : 'rolling-back';
  }
  switch (health?.state) {
    case 'healthy':
      // A release judged healthy becomes the last good one at once; a healthy verdict for a
      // release that is not it is the previous release's, read before this one was judged.
      return isGood ? 'running' : 'applying';
    case 'failed':
      return isGood ? 'degraded' : 'failed';
    default:
      return isGood && !state.applying[appId] ? 'degraded' : 'applying';
  }
}

function removingAppStatus(appId: string, containers: ManagedContainer[], input: ReportInput): AppStatus {
  const services: Record<string, ServiceStatus> = {};
  for (const container of containers) services[container.service] ??= serviceStatus(container, input, container.releaseId);
  return {
    state: 'removing',
    releaseId: containers[0]?.releaseId ?? null,
    lastGoodReleaseId: input.status.state.lastGood[appId]?.releaseId ?? null,
    services,
  };
}

function serviceStatus(container: ManagedContainer, input: ReportInput, releaseId: string): ServiceStatus {
  const applied = appliedCaps(container, input.status);
  return {
    state: container.state,
    health: container.health,
    releaseId,
    containerId: container.id,
    restartCount: container.restartCount,
    exitCode: container.exitCode,
    caps: applied ? (input.capsStatus?.(container, applied) ?? { applied, verification: 'unverified', drift: [] }) : null,
    lastError: lastError(container, input),
  };
}

function pendingService(releaseId: string): ServiceStatus {
  return { state: 'pending', health: 'none', releaseId, containerId: null, restartCount: 0, caps: null, lastError: null };
}

// The caps a container was created with: those of the release it runs, wherever the agent still knows it from.
function appliedCaps(container: ManagedContainer, status: SupervisorStatus): ResourceCaps | undefined {
  const releases = [status.target.apps[container.appId], status.state.target?.apps[container.appId], status.state.lastGood[container.appId]];
  const release = releases.find((app) => app?.releaseId === container.releaseId);
  return release?.spec.services[container.service]?.resources;
}

function lastError(container: ManagedContainer, input: ReportInput): LastError | null {
  const found = containerError(container);
  if (!found) return null;
  const before = input.previous?.apps[container.appId]?.services[container.service]?.lastError;
  const at = before && before.code === found.code && before.message === found.message ? before.at : isoTimestamp(input.now);
  return { ...found, at };
}

function containerError(c: ManagedContainer): Omit<LastError, 'at'> | undefined {
  if (c.state === 'dead') return { code: 'container-dead', message: `the container of ${c.service} is dead` };
  if (c.state === 'exited' && c.exitCode !== null && c.exitCode !== 0) {
    return { code: 'exited', message: `${c.service} exited with code ${c.exitCode} after ${c.restartCount} restarts` };
  }
  if (c.state === 'restarting') return { code: 'crash-loop', message: `${c.service} keeps restarting (${c.restartCount} restarts)` };
  if (c.health === 'unhealthy') return { code: 'unhealthy', message: `${c.service} fails its health check` };
  return undefined;
}

function containersByApp(current: CurrentState | undefined): Map<string, ManagedContainer[]> {
  const byApp = new Map<string, ManagedContainer[]>();
  for (const container of current?.containers ?? []) byApp.set(container.appId, [...(byApp.get(container.appId) ?? []), container]);
  return byApp;
}

function reasonText(text: string): string {
  return text.length > 2048 ? `${text.slice(0, 2047)}…` : text;
}
