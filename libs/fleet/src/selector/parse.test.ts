import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSelector } from './parse.js';
import { formatSelector, type Requirement, type Selector } from './selector.js';

function parsed(text: string): Selector {
  const result = parseSelector(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.selector;
}

describe('parseSelector', () => {
  it.each<[string, Selector]>([
    ['', []],
    ['   ', []],
    ['site=berlin', [{ op: '=', key: 'site', value: 'berlin' }]],
    ['site!=lab', [{ op: '!=', key: 'site', value: 'lab' }]],
    ['tier in (edge, core)', [{ op: 'in', key: 'tier', values: ['edge', 'core'] }]],
    ['tier notin (lab)', [{ op: 'notin', key: 'tier', values: ['lab'] }]],
    ['gpu', [{ op: 'exists', key: 'gpu' }]],
    ['!gpu', [{ op: '!exists', key: 'gpu' }]],
    ['io.gantry/site=berlin', [{ op: '=', key: 'io.gantry/site', value: 'berlin' }]],
    ['in', [{ op: 'exists', key: 'in' }]],
    ['tier=in', [{ op: '=', key: 'tier', value: 'in' }]],
    [
      ' site = berlin ,tier in(edge,core) , ! gpu,zone ',
      [
        { op: '=', key: 'site', value: 'berlin' },
        { op: 'in', key: 'tier', values: ['edge', 'core'] },
        { op: '!exists', key: 'gpu' },
        { op: 'exists', key: 'zone' },
      ],
    ],
  ])('reads %j', (text, selector) => {
    expect(parsed(text)).toEqual(selector);
  });

  it.each([
    ['site==berlin', 6, 'selector "site==berlin": unexpected "=" at position 6'],
    ['site=', 6, 'selector "site=": unexpected end of selector at position 6'],
    ['tier in (edge', 14, 'selector "tier in (edge": unexpected end of selector at position 14'],
    ['tier in edge', 9, 'selector "tier in edge": unexpected "edge" at position 9'],
    ['tier in ()', 10, 'selector "tier in ()": unexpected ")" at position 10'],
    ['a,,b', 3, 'selector "a,,b": unexpected "," at position 3'],
    ['a,', 3, 'selector "a,": unexpected end of selector at position 3'],
    ['site berlin', 6, 'selector "site berlin": unexpected "berlin" at position 6'],
    ['site=ber lin', 10, 'selector "site=ber lin": unexpected "lin" at position 10'],
    ['site>3', 5, 'selector "site>3": unexpected ">" at position 5'],
    ['-site=x', 1, 'selector "-site=x": invalid label key "-site" at position 1'],
    ['Site.Io/x=1', 1, 'selector "Site.Io/x=1": invalid label key "Site.Io/x" at position 1'],
    ['site=berlin-', 6, 'selector "site=berlin-": invalid label value "berlin-" at position 6'],
    [`site=${'v'.repeat(64)}`, 6, `selector "site=${'v'.repeat(64)}": invalid label value "${'v'.repeat(64)}" at position 6`],
  ])('refuses %j at position %i', (text, position, message) => {
    const result = parseSelector(text);
    expect(result).toEqual({ ok: false, error: { text, position, message } });
  });
});

const name = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/);
const key = fc.tuple(fc.option(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?(\.[a-z0-9]{1,5}){0,2}$/), { nil: undefined }), name)
  .map(([prefix, rest]) => (prefix === undefined ? rest : `${prefix}/${rest}`));
const requirement: fc.Arbitrary<Requirement> = fc.oneof(
  fc.record({ op: fc.constantFrom('=' as const, '!=' as const), key, value: name }),
  fc.record({ op: fc.constantFrom('in' as const, 'notin' as const), key, values: fc.array(name, { minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constantFrom('exists' as const, '!exists' as const), key }),
);
const selector = fc.array(requirement, { maxLength: 5 });

describe('parseSelector properties', () => {
  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'ab =!(),in notin\t-/.') })), (text) => {
        const result = parseSelector(text);
        if (!result.ok) expect(result.error.position).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('reads back what formatSelector wrote', () => {
    fc.assert(
      fc.property(selector, (sut) => {
        expect(parsed(formatSelector(sut))).toEqual(sut);
      }),
    );
  });

  it('ignores whitespace between tokens: format(parse(x)) is the canonical text', () => {
    const space = fc.constantFrom('', ' ', '  ', '\t');
    fc.assert(
      fc.property(selector, space, (sut, pad) => {
        // Pad around every punctuation token; words stay intact.
        const spaced = formatSelector(sut).replace(/(!=|=|\(|\)|,|!)/g, `${pad}$1${pad}`);
        expect(formatSelector(parsed(spaced))).toBe(formatSelector(sut));
      }),
    );
  });
});
