import { describe, expect, it } from 'vitest';
import { parseSelector } from './parse.js';
import { matches } from './selector.js';

const berlinEdge = { site: 'berlin', tier: 'edge', gpu: 'true' };
const labLabels = { site: 'lab' };

describe('matches', () => {
  it.each([
    ['', berlinEdge, true],
    ['', {}, true],
    ['site=berlin', berlinEdge, true],
    ['site=berlin', labLabels, false],
    ['site=berlin', {}, false],
    ['site!=lab', berlinEdge, true],
    ['site!=lab', labLabels, false],
    ['site!=lab', {}, true],
    ['tier in (edge, core)', berlinEdge, true],
    ['tier in (core)', berlinEdge, false],
    ['tier in (edge)', {}, false],
    ['tier notin (lab)', berlinEdge, true],
    ['tier notin (edge)', berlinEdge, false],
    ['tier notin (edge)', {}, true],
    ['gpu', berlinEdge, true],
    ['gpu', labLabels, false],
    ['!gpu', berlinEdge, false],
    ['!gpu', labLabels, true],
    ['site=berlin,tier=edge', berlinEdge, true],
    ['site=berlin,tier=core', berlinEdge, false],
    ['constructor', {}, false],
    ['toString', { toString: 'x' }, true],
  ])('%j on %j: %s', (text, labels, expected) => {
    const result = parseSelector(text);
    if (!result.ok) throw new Error(result.error.message);
    expect(matches(result.selector, labels)).toBe(expected);
  });
});
