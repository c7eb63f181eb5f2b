import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpus, percentOf, relativeTime } from './format';

describe('format', () => {
  it('writes bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(64 * 1024 * 1024)).toBe('64.0 MiB');
    expect(formatBytes(3.5 * 1024 ** 3)).toBe('3.5 GiB');
    expect(formatBytes(null)).toBe('—');
  });

  it('writes nano-CPUs as CPUs', () => {
    expect(formatCpus(250_000_000)).toBe('0.25 CPU');
    expect(formatCpus(2e9)).toBe('2 CPU');
  });

  it('gives no percentage of nothing and clamps over-use', () => {
    expect(percentOf(5, 0)).toBeUndefined();
    expect(percentOf(50, 200)).toBe(25);
    expect(percentOf(300, 200)).toBe(100);
  });

  it('says how long ago a time was', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(relativeTime('2026-01-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(relativeTime('2026-01-01T14:00:00Z', now)).toBe('in 2 hours');
    expect(relativeTime(null, now)).toBe('never');
  });
});
