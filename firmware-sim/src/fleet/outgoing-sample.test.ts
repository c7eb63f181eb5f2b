import { describe, expect, it } from 'vitest';
import { OutgoingSample } from './outgoing-sample.js';

describe('OutgoingSample', () => {
  it('checks the first messages, then one in `every`', () => {
    const sample = new OutgoingSample(3, 4);
    const answers = Array.from({ length: 15 }, () => sample.next());
    expect(answers).toEqual([true, true, true, false, false, false, true, false, false, false, true, false, false, false, true]);
    expect(sample.counts()).toEqual({ messages: 15, checked: 6 });
  });

  it('checks every message when `every` is 1', () => {
    const sample = new OutgoingSample(0, 1);
    expect(Array.from({ length: 5 }, () => sample.next())).toEqual([true, true, true, true, true]);
  });

  it('refuses settings that are not whole numbers in range', () => {
    expect(() => new OutgoingSample(-1, 10)).toThrow(/first/);
    expect(() => new OutgoingSample(10, 0)).toThrow(/every/);
    expect(() => new OutgoingSample(10, 2.5)).toThrow(/every/);
  });
});
