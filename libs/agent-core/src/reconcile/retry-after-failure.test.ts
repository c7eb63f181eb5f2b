import { describe, expect, it } from 'vitest';
import { retryAfterFailure } from './retry-after-failure.js';

const fast = { retries: 3, minTimeout: 1, maxTimeout: 1, randomize: false };

describe('retryAfterFailure', () => {
  it('runs a succeeding operation once, reporting nothing', async () => {
    let calls = 0;
    const failures: number[] = [];
    const result = await retryAfterFailure(async () => ++calls, { ...fast, onFailedAttempt: (e) => void failures.push(e.attemptNumber) });
    expect([result, calls, failures]).toEqual([1, 1, []]);
  });

  it('counts the first failure as attempt 1 and retries until it succeeds', async () => {
    let calls = 0;
    const failures: number[] = [];
    const result = await retryAfterFailure(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`fail ${calls}`);
        return 'done';
      },
      { ...fast, onFailedAttempt: (e) => void failures.push(e.attemptNumber) },
    );
    expect([result, calls, failures]).toEqual(['done', 3, [1, 2]]);
  });

  it('gives up after its retries with the last error', async () => {
    let calls = 0;
    await expect(retryAfterFailure(async () => Promise.reject(new Error(`fail ${++calls}`)), fast)).rejects.toThrow('fail 4');
    expect(calls).toBe(4);
  });

  it('does not retry once the signal is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      controller.abort();
      throw new Error('interrupted');
    };
    await expect(retryAfterFailure(failing, { ...fast, signal: controller.signal })).rejects.toThrow('interrupted');
    expect(calls).toBe(1);
  });
});
