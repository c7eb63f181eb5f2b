import { humanBytes, humanCpus } from '@gantry/app-spec';
import type { StatusResponse } from '../../control/contract.js';
import { ago, shortRelease, timeWithAgo, UNKNOWN } from './cells.js';
import { createTable, renderTable } from './table.js';

type AppRow = StatusResponse['apps'][number];

/** The status as the readable summary `status` prints. */
export function formatStatus(status: StatusResponse, now: Date, colour: boolean): string {
  const { capacity, allocatable } = status;
  const lines: Array<[string, string]> = [
    ['agent', `${status.agentVersion}, data in ${status.dataDir}`],
    ['docker', `${status.docker.version} (cgroup ${status.docker.cgroup})`],
    ['target', describeTarget(status.target, now)],
    ...describeCloud(status.cloud, now),
    ['memory', `${humanBytes(allocatable.memoryBytes)} allocatable of ${humanBytes(capacity.memoryBytes)}`],
    ['cpu', `${humanCpus(allocatable.nanoCpus)} allocatable of ${humanCpus(capacity.nanoCpus)}`],
  ];
  if (capacity.pids !== undefined) lines.push(['processes', `${allocatable.pids ?? UNKNOWN} allocatable of ${capacity.pids}`]);
  lines.push(...describeReconcile(status.lastReconcile, now));
  let text = lines.map(([label, value]) => `${label.padEnd(12)}${value}`.trimEnd()).join('\n');
  text += '\n\n';
  if (status.apps.length === 0) return `${text}no apps: the target has none\n`;
  const table = createTable(['APP', 'RELEASE', 'HEALTH', 'LAST GOOD', 'SERVICES'], { colour });
  for (const app of status.apps) {
    table.push([
      app.name === app.appId ? app.name : `${app.name} (${app.appId})`,
      shortRelease(app.releaseId),
      describeHealth(app.health),
      app.lastGoodReleaseId === null ? UNKNOWN : shortRelease(app.lastGoodReleaseId),
      String(app.services),
    ]);
  }
  text += renderTable(table);
  const notes = status.apps.flatMap((app) => appNotes(app, now));
  return notes.length === 0 ? text : `${text}\n${notes.join('\n')}\n`;
}

function describeTarget(target: StatusResponse['target'], now: Date): string {
  if (target === null) return 'none yet: nothing received from the cloud or applied with `gantry-agent apply`';
  const source = target.source === 'cloud' ? 'from the cloud' : 'applied locally';
  return `version ${target.version} ${source}, received ${timeWithAgo(target.receivedAt, now)}`;
}

function describeCloud(cloud: StatusResponse['cloud'], now: Date): Array<[string, string]> {
  if (cloud === null || cloud === undefined) return [['cloud', 'local mode: not enrolled (enroll with `gantry-agent enroll`)']];
  const via = cloud.brokerUrl === null ? '' : ` via ${cloud.brokerUrl}`;
  const since = cloud.since === null ? '' : ` ${ago(cloud.since, now)}`;
  const lines: Array<[string, string]> = [
    ['cloud', `${cloud.connection}${since}: ${cloud.controllerUrl} as ${cloud.deviceId}${cloud.name === cloud.deviceId ? '' : ` (${cloud.name})`}${via}`],
    ['last sync', cloud.lastSyncAt === null ? 'not yet' : timeWithAgo(cloud.lastSyncAt, now)],
  ];
  if (cloud.pendingEvents > 0) lines.push(['', `${cloud.pendingEvents} event${cloud.pendingEvents === 1 ? '' : 's'} waiting to be sent`]);
  return lines;
}

function describeReconcile(last: StatusResponse['lastReconcile'], now: Date): Array<[string, string]> {
  if (last === null) return [['reconciled', 'not yet']];
  const steps = last.steps === undefined ? '' : `, ${last.steps} step${last.steps === 1 ? '' : 's'}`;
  const lines: Array<[string, string]> = [['reconciled', `${timeWithAgo(last.at, now)}${steps}`]];
  if (last.waiting !== undefined && last.waiting.length > 0) lines.push(['', `waiting for: ${last.waiting.join(', ')}`]);
  if (last.error !== undefined) lines.push(['', `error: ${last.error}`]);
  return lines;
}

function describeHealth(health: AppRow['health']): string {
  if (health === null) return UNKNOWN;
  return health.state === 'healthy' ? 'healthy' : `${health.state}: ${health.reason}`;
}

function appNotes(app: AppRow, now: Date): string[] {
  const notes: string[] = [];
  if (app.rolledBack !== null) {
    const { releaseId, toReleaseId, reason, at } = app.rolledBack;
    notes.push(`${app.name}: rolled back from release ${shortRelease(releaseId)} to ${shortRelease(toReleaseId)} ${ago(at, now)}: ${reason}`);
  }
  if (app.releaseId !== app.targetReleaseId && app.rolledBack === null) {
    notes.push(`${app.name}: runs release ${shortRelease(app.releaseId)}; the target names ${shortRelease(app.targetReleaseId)}`);
  }
  return notes;
}
