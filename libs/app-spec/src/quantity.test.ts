import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCpus, formatSize, parseCpus, parseSize } from './quantity.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('parseSize', () => {
  it.each([
    [536870912, 536870912],
    ['536870912', 536870912],
    ['0', 0],
    ['512b', 512],
    ['1024k', 1024 * 1024],
    ['1024K', 1024 * 1024],
    ['512m', 512 * MiB],
    ['512mb', 512 * MiB],
    ['512MB', 512 * MiB],
    ['1g', GiB],
    ['1gb', GiB],
    ['1.5g', 1.5 * GiB],
    ['2t', 2 * 1024 ** 4],
    ['512Mi', 512 * MiB],
    ['512MiB', 512 * MiB],
    ['1Gi', GiB],
    ['64Ki', 64 * 1024],
    ['1Pi', 2 ** 50],
    ['500M', 500_000_000],
    ['1G', 1_000_000_000],
    [' 256 m ', 256 * MiB],
    ['.5g', GiB / 2],
  ])('reads %j as %d bytes', (input, bytes) => {
    expect(parseSize(input)).toEqual({ ok: true, value: bytes });
  });

  it('reads upper-case single-letter suffixes as binary in docker notation, as dockerd does', () => {
    expect(parseSize('500M', { notation: 'docker' })).toEqual({ ok: true, value: 500 * MiB });
    expect(parseSize('2G', { notation: 'docker' })).toEqual({ ok: true, value: 2 * GiB });
    expect(parseSize('512Mi', { notation: 'docker' })).toEqual({ ok: true, value: 512 * MiB });
  });

  it('truncates a fractional byte the way Docker does', () => {
    expect(parseSize('1.1k')).toEqual({ ok: true, value: 1126 });
  });

  it.each(['12 parsecs', '', 'm', '-5m', '1.2.3g', '5x', '1e9', '0x10', 'Infinity', '5 5m'])(
    'refuses %j with a hint at the notation',
    (input) => {
      const result = parseSize(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain('is not a size (use 512m, 1g, 512Mi)');
    },
  );

  it('refuses negative, fractional and unsafe byte counts', () => {
    for (const input of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(parseSize(input).ok).toBe(false);
    }
  });

  it('refuses sizes beyond what a JavaScript number holds exactly', () => {
    expect(parseSize('9Ei')).toEqual({ ok: false, message: '"9Ei" is too large a size (at most 8 PiB)' });
  });

  it('refuses values that are neither text nor numbers', () => {
    expect(parseSize(null).ok).toBe(false);
    expect(parseSize({ m: 5 }).ok).toBe(false);
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0'],
    [1023, '1023'],
    [1024, '1Ki'],
    [512 * MiB, '512Mi'],
    [1536 * MiB, '1536Mi'],
    [GiB, '1Gi'],
  ])('writes %d as %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});

describe('parseCpus', () => {
  it.each([
    [0.5, 500_000_000],
    ['0.5', 500_000_000],
    ['1.5', 1_500_000_000],
    [2, 2_000_000_000],
    ['500m', 500_000_000],
    ['250m', 250_000_000],
    ['1500m', 1_500_000_000],
    [0.1, 100_000_000],
    [0.3, 300_000_000],
    ['0.000000001', 1],
    ['0', 0],
  ])('reads %j as %d nano-CPUs', (input, nano) => {
    expect(parseCpus(input)).toEqual({ ok: true, value: nano });
  });

  it.each(['half', '', '-1', '1.5 cores', '0.5m5', 'm'])('refuses %j', (input) => {
    const result = parseCpus(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('is not a CPU amount');
  });

  it('refuses amounts finer than a nano-CPU, as Docker does', () => {
    expect(parseCpus('0.0000000001')).toEqual({
      ok: false,
      message: '"0.0000000001" is too precise a CPU amount (at most a billionth of a CPU)',
    });
  });
});

describe('formatCpus', () => {
  it.each([
    [500_000_000, '0.5'],
    [1_500_000_000, '1.5'],
    [2_000_000_000, '2'],
    [1, '0.000000001'],
  ])('writes %d as %s', (nano, text) => {
    expect(formatCpus(nano)).toBe(text);
  });
});

describe('quantity properties', () => {
  const bytes = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

  it('reads back every size it writes', () => {
    fc.assert(
      fc.property(bytes, (n) => {
        expect(parseSize(formatSize(n))).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('reads a plain number of bytes as itself, as text or number', () => {
    fc.assert(
      fc.property(bytes, (n) => {
        expect(parseSize(String(n))).toEqual({ ok: true, value: n });
        expect(parseSize(n)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('reads Docker and Kubernetes binary spellings of the same size alike', () => {
    const units: [string, string, string, number][] = [
      ['k', 'kb', 'Ki', 1024],
      ['m', 'mb', 'Mi', MiB],
      ['g', 'gb', 'Gi', GiB],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4096 }), fc.constantFrom(...units), (n, [docker, dockerB, kube, size]) => {
        const expected = { ok: true, value: n * size };
        expect(parseSize(`${n}${docker}`)).toEqual(expected);
        expect(parseSize(`${n}${dockerB}`)).toEqual(expected);
        expect(parseSize(`${n}${kube}`)).toEqual(expected);
      }),
    );
  });

  it('reads back every CPU amount it writes, and millicores agree with fractions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (n) => {
        expect(parseCpus(formatCpus(n))).toEqual({ ok: true, value: n });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (milli) => {
        expect(parseCpus(`${milli}m`)).toEqual(parseCpus(formatCpus(milli * 1_000_000)));
      }),
    );
  });

  it('never throws on any string and answers with a whole, non-negative number when it accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        for (const result of [parseSize(text), parseSize(text, { notation: 'docker' }), parseCpus(text)]) {
          if (result.ok) {
            expect(Number.isSafeInteger(result.value)).toBe(true);
            expect(result.value).toBeGreaterThanOrEqual(0);
          } else {
            expect(result.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings shaped like quantities', () => {
    const shaped = fc
      .tuple(fc.stringMatching(/^[0-9.]{0,25}$/), fc.constantFrom('', ' ', 'k', 'Mi', 'mb', 'G', 'm', 'Ei', 'x', 'ms'))
      .map(([digits, unit]) => `${digits}${unit}`);
    fc.assert(
      fc.property(shaped, (text) => {
        expect(() => parseSize(text)).not.toThrow();
        expect(() => parseCpus(text)).not.toThrow();
      }),
    );
  });
});
