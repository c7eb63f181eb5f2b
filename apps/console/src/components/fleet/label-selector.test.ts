import { describe, expect, it } from 'vitest';
import { addSelectors, parseSelectorTerm, parseSelectorText } from './label-selector';

describe('parseSelectorText', () => {
  it('reads terms separated by commas and spaces, trimming around "="', () => {
    expect(parseSelectorText(' site = berlin, tier=edge  role=gw ')).toEqual({ ok: true, selectors: ['site=berlin', 'tier=edge', 'role=gw'] });
  });

  it('accepts an empty value and keys with a prefix', () => {
    expect(parseSelectorText('gantry.io/zone=')).toEqual({ ok: true, selectors: ['gantry.io/zone='] });
  });

  it.each([
    ['', 'type a label as key=value'],
    ['berlin', '"berlin" needs the form key=value'],
    ['=berlin', 'has no key'],
    ['-site=berlin', 'the key "-site"'],
    ['site=ber!lin', 'the value "ber!lin"'],
    ['site=berlin tier', '"tier" needs the form key=value'],
  ])('refuses %j, saying why', (text, message) => {
    const parsed = parseSelectorText(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(message);
  });

  it('refuses a value with "=" in it, which no label can hold', () => {
    expect(parseSelectorTerm('a=b=c').ok).toBe(false);
  });
});

describe('addSelectors', () => {
  it('appends new keys and replaces the term of a key already filtered', () => {
    expect(addSelectors(['site=berlin', 'tier=edge'], ['site=paris', 'role=gw'])).toEqual(['site=paris', 'tier=edge', 'role=gw']);
  });
});
