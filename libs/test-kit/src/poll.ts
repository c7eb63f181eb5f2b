/** Options for {@link pollUntil}. */
export interface PollOptions {
  /** Give up after this long. */
  timeoutMs?: number;
  /** Wait this long between attempts. */
  intervalMs?: number;
  /** What is being waited for, used in the timeout error. */
  what?: string;
}

/**
 * Calls `probe` until it returns a value other than `undefined`/`false`, or the deadline
 * passes. Tests wait for conditions this way, never with fixed sleeps.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 10_000, intervalMs = 50, what = 'condition' }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
