import { describe, expect, it } from 'vitest';
import { labelsFromRows, MAX_LABELS, rowsFromText } from './label-rows';

describe('labelsFromRows', () => {
  it('builds labels from filled rows, trimming and skipping blank ones', () => {
    const result = labelsFromRows([
      { key: ' site ', value: 'berlin ' },
      { key: '', value: '' },
      { key: 'example.com/tier', value: 'edge' },
      { key: 'canary', value: '' },
    ]);
    expect(result).toEqual({ ok: true, labels: { site: 'berlin', 'example.com/tier': 'edge', canary: '' } });
  });

  it('names the field of each bad row and keeps row positions', () => {
    const result = labelsFromRows([
      { key: 'site', value: 'berlin' },
      { key: '', value: 'x' },
      { key: '-bad', value: 'ok' },
      { key: 'tier', value: 'edge-' },
      { key: 'site', value: 'paris' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rowErrors).toHaveLength(5);
    expect(result.rowErrors[0]).toEqual({});
    expect(result.rowErrors[1]?.key).toBe('a label needs a key');
    expect(result.rowErrors[2]?.key).toMatch(/starting with a letter or digit/);
    expect(result.rowErrors[3]).toEqual({ value: expect.stringMatching(/ending with a letter or digit/) as unknown });
    expect(result.rowErrors[4]?.key).toBe('"site" is already set above');
  });

  it('refuses keys and values longer than 63 characters', () => {
    const result = labelsFromRows([{ key: 'k'.repeat(64), value: 'v'.repeat(64) }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rowErrors[0]?.key).toBeDefined();
    expect(result.rowErrors[0]?.value).toBeDefined();
  });

  it(`refuses more than ${MAX_LABELS} labels`, () => {
    const rows = Array.from({ length: MAX_LABELS + 1 }, (_, index) => ({ key: `k${index}`, value: 'v' }));
    const result = labelsFromRows(rows);
    expect(result).toMatchObject({ ok: false, message: `at most ${MAX_LABELS} labels` });
    expect(labelsFromRows(rows.slice(0, MAX_LABELS)).ok).toBe(true);
  });
});

describe('rowsFromText', () => {
  it('splits pasted pairs on commas, spaces and new lines', () => {
    expect(rowsFromText('site=berlin, tier=edge\ncanary=')).toEqual([
      { key: 'site', value: 'berlin' },
      { key: 'tier', value: 'edge' },
      { key: 'canary', value: '' },
    ]);
  });

  it('keeps everything after the first "=" as the value and a bare word as a key', () => {
    expect(rowsFromText('a=b=c lonely')).toEqual([
      { key: 'a', value: 'b=c' },
      { key: 'lonely', value: '' },
    ]);
  });

  it('leaves text without "=" to be pasted as it is', () => {
    expect(rowsFromText('site')).toBeUndefined();
  });
});
