import type { CapsStatusOf } from '@gantry/agent-core/sync';
import { isoTimestamp, type CapDrift } from '@gantry/protocol';
import type { CapsMonitor } from '../caps/caps-monitor.js';
import type { CapValue } from '../cgroups/index.js';

/**
 * The caps status the cloud sees for a container: the latest reading of its cgroup files
 * (the caps verifier samples every running container after each reconcile). Before the
 * first reading it is `unverified`.
 */
export function capsStatusFromMonitor(monitor: CapsMonitor): CapsStatusOf {
  return (container, applied) => {
    const sample = monitor.last(container.id);
    if (!sample) return { applied, verification: 'unverified', drift: [] };
    const drift: CapDrift[] = sample.checks
      .filter((check) => check.status === 'drift')
      .slice(0, 64)
      .map((check) => ({ cap: check.field, expected: wire(check.want), actual: check.got === null ? null : wire(check.got) }));
    return { applied, verification: sample.verification, checkedAt: isoTimestamp(sample.at), drift };
  };
}

function wire(value: CapValue): number | string {
  if (typeof value === 'number') return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length <= 256 ? text : `${text.slice(0, 255)}…`;
}
