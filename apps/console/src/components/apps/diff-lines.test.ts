import { describe, expect, it } from 'vitest';
import { diffLines, showDiffValue } from './diff-lines';

describe('diffLines', () => {
  it('classifies headers, hunks, added, removed and context lines', () => {
    const unified = ['Index: x', '===', '--- thermo@1', '+++ thermo@2', '@@ -1,3 +1,3 @@', ' name: thermo', '-    image: nginx:1.26', '+    image: nginx:1.27', '--- a yaml document marker removed', '\\ No newline at end of file', ''].join('\n');
    expect(diffLines(unified).map((line) => line.kind)).toEqual(['header', 'header', 'header', 'header', 'hunk', 'context', 'removed', 'added', 'removed']);
  });

  it('gives nothing to colour for an empty diff', () => {
    expect(diffLines('')).toEqual([]);
    expect(diffLines('\n')).toEqual([]);
  });
});

describe('showDiffValue', () => {
  it('shows strings as they are and other values as JSON, shortened', () => {
    expect(showDiffValue('nginx:1.27')).toBe('nginx:1.27');
    expect(showDiffValue({ a: 1 })).toBe('{"a":1}');
    expect(showDiffValue(undefined)).toBe('');
    expect(showDiffValue('x'.repeat(200))).toHaveLength(118);
  });
});
