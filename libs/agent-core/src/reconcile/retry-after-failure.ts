import pRetry, { type Options } from 'p-retry';

/**
 * Runs `operation` once and, only if that fails, hands it to p-retry with the failure counted
 * as attempt 1: p-retry judges it, reports it, waits and makes the rest. Nearly every step and
 * reconcile succeeds at once, and those never pay for the retry machinery (a simulator runs
 * thousands of them in a fan-out).
 */
export async function retryAfterFailure<T>(operation: () => Promise<T>, options: Options): Promise<T> {
  try {
    return await operation();
  } catch (first) {
    if (options.signal?.aborted === true) throw first;
    return pRetry((attemptNumber) => (attemptNumber === 1 ? Promise.reject(first) : operation()), options);
  }
}
