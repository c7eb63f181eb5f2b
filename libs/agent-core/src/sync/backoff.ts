/** How reconnect delays grow. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  readonly initialMs: number;
  /** No delay exceeds this, jitter included. */
  readonly maxMs: number;
  readonly factor: number;
}

/** 1 s, doubling, up to 2 minutes: a fleet comes back within minutes of a broker restart. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 120_000, factor: 2 };

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential, capped,
 * with "equal jitter" (half fixed, half random). The random half spreads thousands of
 * gateways that lost the same broker over the whole window instead of one thundering
 * herd; the fixed half keeps the delay growing, so a broker that stays down is asked
 * less and less often.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const ceiling = Math.min(options.maxMs, options.initialMs * options.factor ** exponent);
  const jitter = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (jitter * ceiling) / 2);
}
