import { describe, expect, it } from 'vitest';
import { BatchQueue } from './batch-queue.js';

/** A handler that records each batch it was given and takes `workMs` per batch. */
function recorder(workMs = 0, isBad: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const handle = async (items: readonly number[]): Promise<void> => {
    batches.push([...items]);
    if (workMs > 0) await new Promise((resolve) => setTimeout(resolve, workMs));
    const bad = items.find(isBad);
    if (bad !== undefined) throw new Error(`item ${bad} is bad`);
  };
  return { batches, handle };
}

describe('BatchQueue', () => {
  it('hands items added together to one batch, in the order they were added', async () => {
    const { batches, handle } = recorder();
    const sut = new BatchQueue(handle, { windowMs: 5, maxItems: 100 });
    await Promise.all([1, 2, 3, 4].map((item) => sut.add(item)));
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('splits a batch into chunks of at most maxItems, in order', async () => {
    const { batches, handle } = recorder();
    const sut = new BatchQueue(handle, { windowMs: 5, maxItems: 3 });
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((item) => sut.add(item)));
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('handles one batch at a time and takes everything that arrived meanwhile in the next', async () => {
    let running = 0;
    let overlapped = false;
    const batches: number[][] = [];
    const sut = new BatchQueue<number>(
      async (items) => {
        overlapped ||= running > 0;
        running++;
        batches.push([...items]);
        await new Promise((resolve) => setTimeout(resolve, 40));
        running--;
      },
      { windowMs: 2, maxItems: 100 },
    );
    const first = sut.add(0);
    // Let the first batch start, then add more while it is being handled.
    await new Promise((resolve) => setTimeout(resolve, 15));
    const later: Promise<void>[] = [];
    for (let item = 1; item <= 5; item++) {
      later.push(sut.add(item));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await Promise.all([first, ...later]);
    expect(overlapped).toBe(false);
    expect(batches).toEqual([[0], [1, 2, 3, 4, 5]]);
  });

  it('settles each caller only once its batch was handled', async () => {
    const { batches, handle } = recorder(20);
    const sut = new BatchQueue(handle, { windowMs: 1, maxItems: 10 });
    let isSettled = false;
    const added = sut.add(1).then(() => (isSettled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches).toEqual([[1]]);
    expect(isSettled).toBe(false);
    await added;
    expect(isSettled).toBe(true);
  });

  it('fails only the bad item of a failed batch; the others are handled again alone and succeed', async () => {
    const { batches, handle } = recorder(0, (item) => item === 2);
    const sut = new BatchQueue(handle, { windowMs: 5, maxItems: 10 });
    const outcomes = await Promise.allSettled([1, 2, 3].map((item) => sut.add(item)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({ reason: new Error('item 2 is bad') });
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
    // The queue goes on after a failure.
    await sut.add(4);
    expect(batches.at(-1)).toEqual([4]);
  });

  it('refuses a batch size below one', () => {
    expect(() => new BatchQueue(async () => undefined, { windowMs: 5, maxItems: 0 })).toThrow(/maxItems must be at least 1/);
  });
});
