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
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return new Promise((wake, fail) => {
        const sleeper = { until: now + ms, wake: () => wake() };
        sleepers.push(sleeper);
        signal.addEventListener('abort', () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          fail(new Error('aborted'));
        });
      });
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

const spacing = { minRestMs: 100, restPerRunMs: 9, maxRestMs: 2_000, onError: (error: unknown) => expect.fail(String(error)) };

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
      spacing,
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
      spacing,
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

  it('rests no longer than the cap after a very long run', async () => {
    const clock = manualClock();
    const task = new SpacedTask(() => clock.advance(1_000), spacing, clock);
    task.request();
    await task.idle();
    task.request();
    await clock.advance(0);
    expect(clock.sleeps).toEqual([2_000]);
    await clock.advance(2_000);
    await task.idle();
  });

  it('reports a run that throws, rests, and runs again when asked', async () => {
    const clock = manualClock();
    const errors: unknown[] = [];
    let calls = 0;
    const task = new SpacedTask(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('first run fails');
      },
      { ...spacing, onError: (error) => errors.push(error) },
      clock,
    );
    task.request();
    await task.idle();
    expect(errors).toEqual([new Error('first run fails')]);
    task.request();
    await clock.advance(0);
    expect(clock.sleeps).toEqual([100]);
    await clock.advance(100);
    await task.idle();
    expect(calls).toBe(2);
  });

  it('stops during a rest without the run it waited for, and ignores later requests', async () => {
    const clock = manualClock();
    let calls = 0;
    const task = new SpacedTask(
      async () => {
        calls += 1;
      },
      spacing,
      clock,
    );
    task.request();
    await task.idle();
    task.request();
    await clock.advance(0);
    await task.stop();
    task.request();
    await clock.advance(10_000);
    await task.idle();
    expect(calls).toBe(1);
  });
});
