import { GAP_EVENT, type EventView } from '../../api/telemetry';
import { formatBytes } from '../../lib/format';

export type EventTone = 'good' | 'bad' | 'warn' | 'info' | 'idle';

export interface EventText {
  title: string;
  detail?: string;
  tone: EventTone;
}

const text = (detail: Record<string, unknown>, field: string): string => {
  const value = detail[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
};

const serviceOf = (detail: Record<string, unknown>) => `${text(detail, 'app')}/${text(detail, 'service')}`;

/** One timeline entry in words: what happened (title), to what and why (detail), and how bad. */
export function describeEvent(event: EventView): EventText {
  const d = event.detail;
  switch (event.type) {
    case GAP_EVENT: {
      const missing = Number(d.missing);
      const range = d.from === d.to ? `#${text(d, 'from')}` : `#${text(d, 'from')}–#${text(d, 'to')}`;
      return { title: `${missing === 1 ? '1 event' : `${text(d, 'missing')} events`} never arrived`, detail: `sequence ${range} is missing; the gateway may have lost them while offline`, tone: 'warn' };
    }
    case 'service.created':
      return { title: `${serviceOf(d)} created`, detail: `release ${text(d, 'releaseId')}`, tone: 'info' };
    case 'service.started':
      return { title: `${serviceOf(d)} started`, detail: `release ${text(d, 'releaseId')}`, tone: 'good' };
    case 'service.stopped':
      return { title: `${serviceOf(d)} stopped`, detail: d.exitCode === null ? undefined : `exit code ${text(d, 'exitCode')}`, tone: 'idle' };
    case 'service.died':
      return {
        title: `${serviceOf(d)} died`,
        detail: `exit code ${d.exitCode === null ? 'unknown' : text(d, 'exitCode')}, ${d.restartCount === 1 ? '1 restart' : `${text(d, 'restartCount')} restarts`}${d.willRestart === true ? ', restarting' : ', not restarting'}`,
        tone: 'bad',
      };
    case 'service.oom':
      return { title: `${serviceOf(d)} ran out of memory`, detail: typeof d.memoryLimitBytes === 'number' ? `cap ${formatBytes(d.memoryLimitBytes)}` : 'no memory cap', tone: 'bad' };
    case 'service.health':
      return { title: `${serviceOf(d)} ${text(d, 'health')}`, detail: `was ${text(d, 'previous')}${typeof d.output === 'string' && d.output !== '' ? `: ${d.output}` : ''}`, tone: d.health === 'healthy' ? 'good' : d.health === 'unhealthy' ? 'bad' : 'info' };
    case 'service.removed':
      return { title: `${serviceOf(d)} removed`, tone: 'idle' };
    case 'pull.progress':
      return {
        title: `pull ${text(d, 'phase')}: ${text(d, 'image')}`,
        detail: typeof d.error === 'string' ? d.error : `for ${serviceOf(d)}`,
        tone: d.phase === 'failed' ? 'bad' : d.phase === 'done' ? 'good' : 'info',
      };
    case 'release.applied':
      return { title: `${text(d, 'app')} now at ${text(d, 'releaseId')}`, detail: d.previousReleaseId === null ? 'first release on this gateway' : `was ${text(d, 'previousReleaseId')}`, tone: 'good' };
    case 'release.rolled-back':
      return { title: `${text(d, 'app')} rolled back to ${text(d, 'toReleaseId')}`, detail: `from ${text(d, 'fromReleaseId')}: ${text(d, 'reason')}`, tone: 'warn' };
    case 'target.refused': {
      const reasons = Array.isArray(d.reasons) ? d.reasons.map((reason: unknown) => (typeof reason === 'object' && reason !== null && 'message' in reason ? String(reason.message) : '')).filter(Boolean) : [];
      return { title: `target version ${text(d, 'version')} refused`, detail: reasons.join('; ') || undefined, tone: 'bad' };
    }
    case 'cap.drift':
      return { title: `${serviceOf(d)} caps drifted`, detail: Array.isArray(d.drift) ? `${d.drift.length} cap(s) differ from what was applied` : undefined, tone: 'warn' };
    case 'events.dropped':
      return { title: `${text(d, 'count')} events dropped by the gateway`, detail: `#${text(d, 'fromSeq')}–#${text(d, 'toSeq')}: its outbox was full`, tone: 'warn' };
    default:
      return { title: event.type, tone: 'info' };
  }
}
