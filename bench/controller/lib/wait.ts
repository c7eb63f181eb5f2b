// Waiting for a fleet to reach a state, with a deadline and progress lines.
import type { FleetStats } from './fleet-messages.js';
import type { Fleet } from './fleet.js';
import { progress } from './log.js';

/**
 * Polls the fleet's counts until `isDone` holds; throws with the counts after `timeoutMs`.
 * A progress line is printed every 10 s.
 */
export async function waitForFleet(fleet: Fleet, what: string, isDone: (stats: FleetStats) => boolean, timeoutMs: number): Promise<FleetStats> {
  const startedAt = Date.now();
  let lastLine = startedAt;
  for (;;) {
    const stats = await fleet.stats();
    if (isDone(stats)) return stats;
    if (Date.now() - startedAt > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}: ${JSON.stringify({ ...stats, errors: stats.errors.slice(0, 5) })}`);
    }
    if (Date.now() - lastLine >= 10_000) {
      lastLine = Date.now();
      progress(`  waiting for ${what}: connected ${stats.connected}, with desired ${stats.withDesired}, acks ${stats.acks}, dropped ${stats.dropped}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
