import { describe, expect, it } from 'vitest';
import { restartDelayMs, shouldRestart } from './restart-policy.js';

describe('shouldRestart', () => {
  it.each([
    ['no', 0, 1, 0, false, false],
    ['always', 0, 0, 5, false, true],
    ['always', 0, 1, 0, true, false],
    ['unless-stopped', 0, 1, 0, false, true],
    ['unless-stopped', 0, 1, 0, true, false],
    ['on-failure', 0, 1, 40, false, true],
    ['on-failure', 0, 0, 0, false, false],
    ['on-failure', 3, 1, 2, false, true],
    ['on-failure', 3, 1, 3, false, false],
  ] as const)('policy %s (max %i), exit %i after %i restarts, stopped by hand %s: %s', (policy, maxRetries, exitCode, restarts, isManual, expected) => {
    expect(shouldRestart({ policy, maxRetries }, exitCode, restarts, isManual)).toBe(expected);
  });
});

describe('restartDelayMs', () => {
  it("doubles from 100 ms up to a minute, as Docker's restart manager does", () => {
    const delays: number[] = [];
    let delay = 0;
    for (let i = 0; i < 12; i++) delays.push((delay = restartDelayMs(delay, 50)));
    expect(delays).toEqual([100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 51_200, 60_000, 60_000]);
  });

  it('starts over at 100 ms after a run of 10 s or more', () => {
    expect(restartDelayMs(6_400, 10_000)).toBe(100);
    expect(restartDelayMs(6_400, 9_999)).toBe(12_800);
  });
});
