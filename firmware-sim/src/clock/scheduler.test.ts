import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { RealTimeScheduler } from './real-scheduler.js';
import { TaskQueue } from './task-queue.js';
import { VIRTUAL_EPOCH_MS, VirtualScheduler } from './virtual-scheduler.js';

describe('TaskQueue', () => {
  it('pops tasks by time, and tasks of one instant in the order they were pushed', () => {
    const sut = new TaskQueue();
    const order: string[] = [];
    for (const [at, name] of [[30, 'c'], [10, 'a1'], [20, 'b'], [10, 'a2'], [5, 'z']] as const) sut.push(at, () => order.push(name));
    for (let task = sut.popDue(100); task; task = sut.popDue(100)) task.run();
    expect(order).toEqual(['z', 'a1', 'a2', 'b', 'c']);
  });

  it('skips cancelled tasks and leaves tasks not yet due', () => {
    const sut = new TaskQueue();
    const ran: number[] = [];
    sut.push(1, () => ran.push(1)).cancel();
    sut.push(2, () => ran.push(2));
    sut.push(50, () => ran.push(50));
    expect(sut.nextAtMs()).toBe(2);
    for (let task = sut.popDue(10); task; task = sut.popDue(10)) task.run();
    expect(ran).toEqual([2]);
    expect(sut.nextAtMs()).toBe(50);
  });

  it('lets go of a cancelled task’s work at once, while the task waits in the heap until due', async () => {
    const sut = new TaskQueue();
    let work: (() => void) | undefined = () => undefined;
    const held = new WeakRef(work);
    sut.push(1_000, work).cancel();
    work = undefined;
    // A WeakRef keeps its target until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(held.deref()).toBeUndefined();
    expect(sut.size).toBe(1);
  });

  it('keeps heap order over many random pushes', () => {
    const sut = new TaskQueue();
    const times = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    for (const t of times) sut.push(t, () => undefined);
    const popped: number[] = [];
    for (let task = sut.popDue(1000); task; task = sut.popDue(1000)) popped.push(task.atMs);
    expect(popped).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('VirtualScheduler', () => {
  it('starts at the virtual epoch and moves only when advanced', async () => {
    const sut = new VirtualScheduler();
    expect(sut.now()).toBe(VIRTUAL_EPOCH_MS);
    const slept = sut.sleep(1_000).then(() => sut.now());
    await sut.advance(999);
    expect(sut.pending).toBe(1);
    await sut.advance(1);
    await expect(slept).resolves.toBe(VIRTUAL_EPOCH_MS + 1_000);
  });

  it('lets promise chains started by a task schedule more work within the same advance', async () => {
    const sut = new VirtualScheduler(0);
    const seen: number[] = [];
    const chain = async () => {
      await sut.sleep(10);
      seen.push(sut.now());
      await sut.sleep(10);
      seen.push(sut.now());
    };
    const done = chain();
    await sut.advance(25);
    await done;
    expect(seen).toEqual([10, 20]);
  });

  it('rejects a sleep whose signal aborts, with the abort reason', async () => {
    const sut = new VirtualScheduler(0);
    const abort = new AbortController();
    const slept = sut.sleep(1_000, abort.signal);
    abort.abort(new Error('called off'));
    await expect(slept).rejects.toThrow('called off');
  });

  it('runs virtual setTimeout and setInterval, and clears them', async () => {
    const sut = new VirtualScheduler(0);
    const timers = sut.timers();
    const fired: string[] = [];
    timers.setTimeout((what) => fired.push(`timeout ${String(what)} at ${sut.now()}`), 50, 'a');
    const cleared = timers.setTimeout(() => fired.push('never'), 60);
    timers.clearTimeout(cleared);
    const tick = timers.setInterval(() => fired.push(`tick at ${sut.now()}`), 40);
    await sut.advance(100);
    timers.clearInterval(tick);
    await sut.advance(100);
    expect(fired).toEqual(['tick at 40', 'timeout a at 50', 'tick at 80']);
  });

  it('runs the other tasks of a window when one throws, then throws its error', async () => {
    const sut = new VirtualScheduler(0);
    const ran: number[] = [];
    sut.at(1, () => {
      throw new Error('task broke');
    });
    sut.at(2, () => ran.push(2));
    await expect(sut.advance(5)).rejects.toThrow('task broke');
    expect(ran).toEqual([2]);
  });
});

describe('RealTimeScheduler', () => {
  const made: RealTimeScheduler[] = [];
  afterEach(() => {
    for (const s of made.splice(0)) s.close();
  });

  it('runs tasks on the wall clock in time order with one timer', async () => {
    const sut = new RealTimeScheduler();
    made.push(sut);
    const order: string[] = [];
    const start = sut.now();
    sut.at(start + 30, () => order.push('late'));
    sut.at(start + 5, () => order.push('early'));
    await sut.sleep(50);
    expect(order).toEqual(['early', 'late']);
    expect(sut.now() - start).toBeGreaterThanOrEqual(49);
  });

  it('hands a failing task to onError and keeps running the others', async () => {
    const errors: unknown[] = [];
    const sut = new RealTimeScheduler({ onError: (error) => errors.push(error) });
    made.push(sut);
    const ran: string[] = [];
    sut.at(sut.now(), () => {
      throw new Error('broken task');
    });
    sut.at(sut.now(), () => ran.push('next'));
    await sut.sleep(10);
    expect(ran).toEqual(['next']);
    expect(errors).toEqual([new Error('broken task')]);
  });
});

/** A full collection, without starting the process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
