import type { Step } from '../plan/steps.js';
import type { ManagedContainer } from '../state/current.js';
import type { TargetState } from '../state/target.js';
import type { RuntimeEvent } from '../runtime/runtime.js';
import type { NewEvent } from '../store/ports.js';

/** The event a finished step leaves in the log, if any. */
export function stepEvent(step: Step, containerId: string | undefined): NewEvent | undefined {
  switch (step.action) {
    case 'create':
      return containerId
        ? { type: 'service.created', detail: { app: step.appId, service: step.service, containerId, releaseId: step.releaseId } }
        : undefined;
    // A stop is logged when the container dies of it ({@link runtimeEventLog}), with its
    // exit code; a stop of a container that was not running leaves nothing to log.
    case 'remove':
      return { type: 'service.removed', detail: { app: step.appId, service: step.service, containerId: step.containerId } };
    case 'updateCaps':
      return {
        type: 'cap.drift',
        detail: {
          app: step.appId,
          service: step.service,
          containerId: step.containerId,
          drift: step.changed.map((cap) => ({ cap, expected: step.caps[cap], actual: step.current[cap] })),
        },
      };
    case 'pull':
      return { type: 'pull.progress', detail: { app: step.appId, service: serviceOf(step.reason), image: step.image, phase: 'done' } };
    default:
      return undefined;
  }
}

// A pull serves every service that uses its image; the reason names the first one.
function serviceOf(reason: string): string {
  return /^service (\S+) needs/.exec(reason)?.[1] ?? 'unknown';
}

/**
 * The event a runtime event leaves in the log. `known` is the container as last read,
 * for what the runtime event does not carry (restart count, previous health, caps).
 * `isStoppedByAgent` says the agent itself is stopping or removing the container: its
 * death is then a stop, which no restart policy undoes, not a crash.
 */
export function runtimeEventLog(
  event: RuntimeEvent,
  known: ManagedContainer | undefined,
  target: TargetState,
  isStoppedByAgent = false,
): NewEvent | undefined {
  // Each detail written out, not `{ ...base, more }`: V8 gives such a spread a hidden class
  // of its own nearly every time, and a fan-out makes these for every container.
  const { appId: app, service, containerId } = event;
  switch (event.type) {
    case 'start':
      return { type: 'service.started', detail: { app, service, containerId, releaseId: known?.releaseId ?? target.apps[app]?.releaseId ?? 'unknown' } };
    case 'die': {
      if (isStoppedByAgent) return { type: 'service.stopped', detail: { app, service, containerId, exitCode: event.exitCode ?? null } };
      const policy = target.apps[app]?.spec.services[service]?.restart.policy ?? 'no';
      const exitCode = event.exitCode ?? null;
      const willRestart = policy === 'always' || policy === 'unless-stopped' || (policy === 'on-failure' && exitCode !== 0);
      return { type: 'service.died', detail: { app, service, containerId, exitCode, restartCount: known?.restartCount ?? 0, willRestart } };
    }
    case 'oom':
      return { type: 'service.oom', detail: { app, service, containerId, memoryLimitBytes: known?.caps.memoryBytes ?? null } };
    case 'health':
      if (!event.health || event.health === known?.health) return undefined;
      return { type: 'service.health', detail: { app, service, containerId, health: event.health, previous: known?.health ?? 'none' } };
    default:
      return undefined;
  }
}
