import { configHash, type CurrentState, type Logger, type Outbox, type TargetState } from '@gantry/agent-core';
import type { CapValue } from '../cgroups/index.js';
import type { CapsMonitor } from './caps-monitor.js';

/**
 * After each reconcile, reads the cgroup files of every running container and records
 * drift between what the release asks and what the kernel enforces, once per change
 * (a `cap.drift` event and a warning), so a person sees it without a flood.
 */
export class CapsVerifier {
  private readonly reported = new Map<string, string>();

  constructor(
    private readonly monitor: CapsMonitor,
    private readonly outbox: Outbox,
    private readonly target: () => TargetState,
    private readonly log: Logger,
  ) {}

  /** Verifies every running container of the current target release. */
  async verify(current: CurrentState): Promise<void> {
    const target = this.target();
    for (const c of current.containers) {
      const spec = target.apps[c.appId]?.spec.services[c.service];
      if (!spec || c.state !== 'running' || c.configHash !== configHash(spec)) continue;
      let sample;
      try {
        sample = await this.monitor.sample(c, spec.resources);
      } catch (error) {
        this.log.warn(`cannot read the cgroup of ${c.appId}/${c.service}: ${String(error)}`);
        continue;
      }
      const drift = sample.checks.filter((check) => check.status === 'drift');
      const signature = drift.map((d) => `${d.field}=${d.got === null ? "none" : show(d.got)}`).join(',');
      if ((this.reported.get(c.id) ?? '') === signature) continue;
      this.reported.set(c.id, signature);
      if (drift.length === 0) continue;
      this.log.warn(`${c.appId}/${c.service}: the kernel does not enforce what was applied: ${sample.lines.filter((l) => l.includes('drift')).join('; ')}`);
      await this.outbox.append([
        {
          type: 'cap.drift',
          detail: {
            app: c.appId,
            service: c.service,
            containerId: c.id,
            drift: drift.slice(0, 64).map((d) => ({ cap: d.field, expected: show(d.want), actual: d.got === null ? null : show(d.got) })),
          },
        },
      ]);
    }
    const live = new Set(current.containers.map((c) => c.id));
    for (const id of this.reported.keys()) if (!live.has(id)) this.reported.delete(id);
    this.monitor.retain(live);
  }
}

function show(value: CapValue): number | string {
  return typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value);
}
