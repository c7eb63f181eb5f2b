import { describe, expect, it } from 'vitest';
import { Limiter } from './limiter.js';

function gate() {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Limiter', () => {
  it('runs at most its limit at once, the rest in arrival order, and frees a slot on failure', async () => {
    const sut = new Limiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      sut.run(async () => {
        started.push(i);
        await g.promise;
        if (i === 0) throw new Error('first fails');
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(sut.active).toBe(2);
    gates[0]?.open();
    await expect(runs[0]).rejects.toThrow('first fails');
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs.slice(1))).toEqual([1, 2, 3]);
    expect(sut.active).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new Limiter(0)).toThrow(/at least 1/);
  });
});
