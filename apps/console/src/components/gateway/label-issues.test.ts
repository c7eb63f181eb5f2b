import { describe, expect, it } from 'vitest';
import { rowErrorsFromIssues, rowsFromLabels } from './label-issues';

describe('rowErrorsFromIssues', () => {
  const rows = [
    { key: 'site', value: 'ber lin' },
    { key: '-x', value: 'a' },
  ];

  it('puts a value issue on the value and a key issue on the key of the row it names', () => {
    const { rowErrors, unplaced } = rowErrorsFromIssues(rows, [
      { path: 'labels.site', message: 'must be at most 63 letters' },
      { path: 'labels.-x', message: 'Invalid key in record' },
    ]);
    expect(rowErrors).toEqual([{ value: 'must be at most 63 letters' }, { key: 'Invalid key in record' }]);
    expect(unplaced).toEqual([]);
  });

  it('returns issues of no row to show above the form', () => {
    const issue = { path: 'labels', message: 'at most 64 labels' };
    expect(rowErrorsFromIssues(rows, [issue]).unplaced).toEqual([issue]);
  });
});

describe('rowsFromLabels', () => {
  it('lists labels by key and offers one blank row for none', () => {
    expect(rowsFromLabels({ tier: 'edge', site: 'berlin' })).toEqual([
      { key: 'site', value: 'berlin' },
      { key: 'tier', value: 'edge' },
    ]);
    expect(rowsFromLabels({})).toEqual([{ key: '', value: '' }]);
  });
});
