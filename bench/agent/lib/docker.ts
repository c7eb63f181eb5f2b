// The Docker facts the benchmarks read back, and removal of what a run made.
import type Docker from 'dockerode';

/** The label every container and network a benchmark run makes itself carries (value: the run id). */
export const BENCH_LABEL = 'io.gantry.bench';

/**
 * When a container's process started, as Docker recorded it (`State.StartedAt`), in ms
 * since the epoch with the sub-ms part Docker gives (it reports nanoseconds).
 */
export async function startedAtMs(docker: Docker, containerId: string): Promise<number> {
  const info = await docker.getContainer(containerId).inspect();
  if (!info.State.Running) throw new Error(`container ${containerId} is ${info.State.Status}, not running`);
  return parseDockerTime(info.State.StartedAt);
}

/** `2025-11-23T00:38:12.123456789Z` → ms since the epoch, keeping the fraction. */
export function parseDockerTime(text: string): number {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(text);
  if (!match?.[1]) throw new Error(`not a Docker timestamp: ${text}`);
  const whole = Date.parse(`${match[1]}Z`);
  const fraction = match[2] === undefined ? 0 : Number(`0.${match[2]}`) * 1000;
  return whole + fraction;
}

export { removeLabelled } from '@gantry/test-kit';
