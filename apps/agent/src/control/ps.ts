import type { ControlContext } from './server.js';
import type { PsRow } from './contract.js';

/** CPU use is a rate: without a recent sample, take two this far apart. */
const CPU_WINDOW_MS = 500;
const FRESH_MS = 30_000;

/** One row per managed container, with usage and caps read from its cgroup. */
export async function psRows(ctx: ControlContext): Promise<PsRow[]> {
  const current = await ctx.runtime.readCurrent();
  const target = ctx.supervisor.status().target;
  const capsOf = (appId: string, service: string) => target.apps[appId]?.spec.services[service]?.resources;
  const stale = current.containers.some((c) => c.state === 'running' && (Date.now() - (ctx.monitor.last(c.id)?.at ?? 0)) > FRESH_MS);
  if (stale) {
    await Promise.all(current.containers.map((c) => ctx.monitor.sample(c, capsOf(c.appId, c.service))));
    await new Promise((resolve) => setTimeout(resolve, CPU_WINDOW_MS));
  }
  const rows: PsRow[] = [];
  for (const c of [...current.containers].sort((a, b) => `${a.appId}/${a.service}`.localeCompare(`${b.appId}/${b.service}`))) {
    const sample = await ctx.monitor.sample(c, capsOf(c.appId, c.service));
    rows.push({
      appId: c.appId,
      service: c.service,
      containerId: c.id.slice(0, 12),
      state: c.state,
      health: c.health,
      releaseId: c.releaseId,
      restarts: c.restartCount,
      memoryBytes: sample.memoryBytes,
      memoryLimitBytes: c.caps.memoryBytes,
      cpuNanoCpus: sample.cpuNanoCpus,
      cpuLimitNanoCpus: c.caps.nanoCpus,
      caps: sample.verification,
      capsDetail: sample.lines,
    });
  }
  return rows;
}
