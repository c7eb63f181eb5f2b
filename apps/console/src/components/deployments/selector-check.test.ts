import { describe, expect, it } from 'vitest';
import { checkSelector, MAX_SELECTOR_LENGTH } from './selector-check';

describe('checkSelector', () => {
  it.each(['site=berlin', 'site=berlin,tier!=canary', 'tier in (edge,core), !lab', 'gpu', '  site = berlin  '])('accepts %j', (text) => {
    expect(checkSelector(text)).toEqual({ ok: true, isEmpty: false });
  });

  it('accepts the empty selector and says it selects every gateway', () => {
    expect(checkSelector('')).toEqual({ ok: true, isEmpty: true });
    expect(checkSelector('   ')).toEqual({ ok: true, isEmpty: true });
  });

  it.each([
    ['site==berlin', 6, 'unexpected "=" at position 6'],
    ['site=', 6, 'unexpected end of selector at position 6'],
    ['tier in (edge', 14, 'unexpected end of selector at position 14'],
    ['site=ber lin', 10, 'unexpected "lin" at position 10'],
    ['-x=1', 1, 'invalid label key "-x" at position 1'],
  ])('refuses %j with the position and without repeating the text', (text, position, message) => {
    expect(checkSelector(text)).toEqual({ ok: false, position, message });
  });

  it('refuses a selector longer than the API takes', () => {
    const long = `site in (${Array.from({ length: 300 }, (_, i) => `v${i}`).join(',')})`;
    expect(long.length).toBeGreaterThan(MAX_SELECTOR_LENGTH);
    expect(checkSelector(long)).toMatchObject({ ok: false, message: 'at most 1024 characters' });
  });
});
