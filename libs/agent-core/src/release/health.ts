import { configHash } from '../plan/config-hash.js';
import type { CurrentState, ManagedContainer } from '../state/current.js';
import type { TargetApp } from '../state/target.js';

/** Restarts after which a service that keeps dying counts as failed, not starting. */
export const CRASH_LOOP_RESTARTS = 3;

/** How a release is doing on the gateway. */
export type ReleaseHealth =
  | { state: 'healthy' }
  | { state: 'progressing'; reason: string }
  | { state: 'failed'; reason: string };

/**
 * Whether an app's release is good: every service runs from this release's spec and is
 * healthy (or has no health check), or, for a one-shot service, finished with exit code 0.
 * A release still progressing when its deadline passes has failed. `blockedBy` is why the
 * agent cannot get it further now (a failed pull, say): what it waits for, and the reason
 * it failed once the deadline passes.
 */
export function releaseHealth(app: TargetApp, current: CurrentState, elapsedMs: number, blockedBy?: string): ReleaseHealth {
  let waitingFor: string | undefined;
  for (const [service, spec] of Object.entries(app.spec.services).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const hash = configHash(spec);
    const container = current.containers.find((c) => c.appId === app.appId && c.service === service && c.configHash === hash);
    const verdict = serviceVerdict(service, spec.restart.policy, container);
    if (verdict.state === 'failed') return verdict;
    if (verdict.state === 'progressing') waitingFor ??= verdict.reason;
  }
  if (waitingFor === undefined) return { state: 'healthy' };
  if (blockedBy !== undefined) waitingFor = blockedBy;
  if (elapsedMs > app.healthyWithinMs) {
    return {
      state: 'failed',
      reason: `release ${app.releaseId} did not become healthy within ${Math.round(app.healthyWithinMs / 1000)} s (${waitingFor})`,
    };
  }
  return { state: 'progressing', reason: waitingFor };
}

function serviceVerdict(service: string, policy: string, c: ManagedContainer | undefined): ReleaseHealth {
  if (!c) return { state: 'progressing', reason: `${service} is not created yet` };
  const crashLooping = c.restartCount >= CRASH_LOOP_RESTARTS;
  switch (c.state) {
    case 'running':
      if (c.health === 'unhealthy') return { state: 'failed', reason: `${service} is unhealthy` };
      if (c.health === 'starting') return { state: 'progressing', reason: `${service} is starting` };
      return { state: 'healthy' };
    case 'exited':
      if (c.exitCode === 0 && policy !== 'always' && policy !== 'unless-stopped') return { state: 'healthy' };
      if (crashLooping || policy === 'no') {
        return { state: 'failed', reason: `${service} exited with code ${c.exitCode ?? 'unknown'} after ${c.restartCount} restarts` };
      }
      return { state: 'progressing', reason: `${service} exited with code ${c.exitCode ?? 'unknown'}` };
    case 'restarting':
      if (crashLooping) return { state: 'failed', reason: `${service} keeps crashing (${c.restartCount} restarts)` };
      return { state: 'progressing', reason: `${service} is restarting` };
    case 'dead':
      return { state: 'failed', reason: `${service}'s container is dead` };
    default:
      return { state: 'progressing', reason: `${service} is ${c.state}` };
  }
}
