/**
 * Runs `run` at most once per `intervalMs`: the first call at once, and the calls that
 * arrive meanwhile as one more run at the end of the interval, so the last change is
 * never lost. Live events come in bursts during a fan-out; refetches must not.
 */
export function throttle(run: () => void, intervalMs: number, now: () => number = Date.now): { call: () => void; cancel: () => void } {
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    lastRunAt = now();
    run();
  };
  return {
    call: () => {
      if (timer !== undefined) return;
      const wait = lastRunAt + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
