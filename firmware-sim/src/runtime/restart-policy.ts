import type { RestartPolicy } from '@gantry/app-spec';

// Docker's restart manager: the delay starts at 100 ms and doubles per restart up to a
// minute, back to 100 ms after a run of 10 s or more.
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 60_000;
const STABLE_RUN_MS = 10_000;

/** Whether Docker restarts a container that exited, by its policy (a stop by hand is never undone). */
export function shouldRestart(policy: RestartPolicy, exitCode: number, restartCount: number, isManuallyStopped: boolean): boolean {
  if (isManuallyStopped) return false;
  switch (policy.policy) {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure':
      return exitCode !== 0 && (policy.maxRetries === 0 || restartCount < policy.maxRetries);
    case 'no':
      return false;
  }
}

/** The delay before the next restart, from the previous delay (0 when none) and how long the run lasted. */
export function restartDelayMs(previousDelayMs: number, ranMs: number): number {
  if (previousDelayMs === 0 || ranMs >= STABLE_RUN_MS) return FIRST_DELAY_MS;
  return Math.min(MAX_DELAY_MS, previousDelayMs * 2);
}
