import { describe, expect, it } from 'vitest';
import { deepFreeze, isDeepFrozen } from './deep-freeze.js';

describe('deepFreeze', () => {
  it('freezes a value and everything under it, in place', () => {
    const value = { a: { b: [1, { c: 'd' }] } };
    expect(deepFreeze(value)).toBe(value);
    expect([value, value.a, value.a.b, value.a.b[1]].map((part) => Object.isFrozen(part))).toEqual([true, true, true, true]);
    expect(isDeepFrozen(value.a.b)).toBe(true);
  });

  it('does not vouch for an object frozen by hand, whose members may still change', () => {
    const shallow = Object.freeze({ inner: { n: 1 } });
    expect(isDeepFrozen(shallow)).toBe(false);
    shallow.inner.n = 2;
    expect(isDeepFrozen(deepFreeze(shallow))).toBe(true);
    expect(Object.isFrozen(shallow.inner)).toBe(true);
  });

  it('gives back what is not an object as it is', () => {
    expect([deepFreeze(1), deepFreeze('x'), deepFreeze(null), deepFreeze(undefined)]).toEqual([1, 'x', null, undefined]);
  });
});
