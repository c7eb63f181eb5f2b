import { describe, expect, it } from 'vitest';
import { SpacedTask, type SpacingClock } from './spaced-task.js';

/** A clock that only moves when the test (or a sleep) moves it. */
function manualClock(): SpacingClock & { advance(ms: number): Promise<void>; sleeps: number[] } {
  let now = 0;
  const sleepers: { until: number; wake: () => void }[] = [];
  const sleeps: number[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((wake) => sleepers.push({ until: now + ms, wake }));
    },
    advance: async (ms) => {
      now += ms;
      for (const sleeper of sleepers.filter((s) => s.until <= now)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.wake();
      }
      await settle();
    },
  };
}

describe('SpacedTask', () => {
  it('runs at once when rested, and folds requests made during a run into one more run', async () => {
    const clock = manualClock();
    const runs: number[] = [];
    let finish: () => void = () => undefined;
    const task = new SpacedTask(
      () => {
        runs.push(clock.now());
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { minRestMs: 100, restPerRunMs: 9 },
      clock,
    );
    task.request();
    await clock.advance(0);
    expect(runs).toEqual([0]);
    task.request();
    task.request();
    task.request();
    await clock.advance(5);
    finish();
    await clock.advance(0);
    // The run took 5 ms: the rest is max(100, 45) ms from its end.
    expect(clock.sleeps).toEqual([100]);
    await clock.advance(99);
    expect(runs).toEqual([0]);
    await clock.advance(1);
    expect(runs).toEqual([0, 105]);
    finish();
    await task.idle();
    expect(runs).toHaveLength(2);
  });

  it('rests in proportion to a long run, even for a request made after the loop went quiet', async () => {
    const clock = manualClock();
    const runs: number[] = [];
    const task = new SpacedTask(
      async () => {
        runs.push(clock.now());
        await clock.advance(50);
      },
      { minRestMs: 100, restPerRunMs: 9 },
      clock,
    );
    task.request();
    await task.idle();
    expect(runs).toEqual([0]);
    // Nothing was asked during the run, so the loop ended; a request now still waits out 9 × 50 ms.
    await clock.advance(10);
    task.request();
    await clock.advance(0);
    expect(clock.sleeps).toEqual([440]);
    await clock.advance(439);
    expect(runs).toEqual([0]);
    await clock.advance(1);
    await task.idle();
    expect(runs).toEqual([0, 500]);
  });

  it('runs again after a rejected run', async () => {
    const clock = manualClock();
    let calls = 0;
    const task = new SpacedTask(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('first run fails');
      },
      { minRestMs: 0, restPerRunMs: 0 },
      clock,
    );
    task.request();
    await expect(task.idle()).rejects.toThrow('first run fails');
    task.request();
    await task.idle();
    expect(calls).toBe(2);
  });
});
