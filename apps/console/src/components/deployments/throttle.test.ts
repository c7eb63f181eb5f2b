import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first call at once and folds a burst into one trailing run', () => {
    const runs: number[] = [];
    const sut = throttle(() => runs.push(Date.now()), 1000);
    const start = Date.now();
    sut.call();
    for (let i = 0; i < 20; i += 1) sut.call();
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([start, start + 1000]);
  });

  it('runs at once again after a quiet interval', () => {
    let count = 0;
    const sut = throttle(() => (count += 1), 1000);
    sut.call();
    vi.advanceTimersByTime(5000);
    sut.call();
    expect(count).toBe(2);
  });

  it('drops the pending run when cancelled', () => {
    let count = 0;
    const sut = throttle(() => (count += 1), 1000);
    sut.call();
    sut.call();
    sut.cancel();
    vi.advanceTimersByTime(2000);
    expect(count).toBe(1);
  });
});
