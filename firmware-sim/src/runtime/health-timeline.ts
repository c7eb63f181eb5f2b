import type { Healthcheck } from '@gantry/app-spec';

/** A change of health status, `afterMs` after the process started. */
export interface HealthChange {
  afterMs: number;
  health: 'healthy' | 'unhealthy';
}

// Docker's defaults for a zero interval or retry count.
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_RETRIES = 3;

/**
 * The health status changes of one run, worked out ahead instead of probing: Docker
 * (20.10, API 1.41) probes every `interval` from start; a pass makes the container
 * healthy and clears the failing streak; a failure counts unless the container is still
 * `starting` within its start period; `retries` counted failures in a row make it
 * unhealthy. Probes pass from `passesFromMs` until `passesUntilMs` after start.
 * At most three changes, so a run costs at most three scheduled tasks.
 */
export function healthTimeline(check: Pick<Healthcheck, 'intervalMs' | 'retries' | 'startPeriodMs'>, passesFromMs: number, passesUntilMs: number): HealthChange[] {
  const interval = check.intervalMs > 0 ? check.intervalMs : DEFAULT_INTERVAL_MS;
  const retries = check.retries > 0 ? check.retries : DEFAULT_RETRIES;
  const firstCounted = Math.max(1, Math.ceil(check.startPeriodMs / interval));
  const firstPassing = Math.max(1, Math.ceil(passesFromMs / interval));
  const passProbe = Number.isFinite(passesFromMs) && firstPassing * interval < passesUntilMs ? firstPassing : Number.POSITIVE_INFINITY;
  const changes: HealthChange[] = [];
  const unhealthyProbe = firstCounted + retries - 1;
  if (unhealthyProbe < passProbe) changes.push({ afterMs: unhealthyProbe * interval, health: 'unhealthy' });
  if (!Number.isFinite(passProbe)) return changes;
  changes.push({ afterMs: passProbe * interval, health: 'healthy' });
  if (Number.isFinite(passesUntilMs)) {
    // Once healthy, the start period no longer forgives failures.
    const firstFailing = Math.max(passProbe + 1, Math.ceil(passesUntilMs / interval));
    changes.push({ afterMs: (firstFailing + retries - 1) * interval, health: 'unhealthy' });
  }
  return changes;
}

/** Whether a spec's health check exists for Docker (`NONE` disables the image's). */
export function hasHealthcheck(check: Healthcheck | null): check is Healthcheck {
  return check !== null && check.test[0] !== 'NONE';
}
