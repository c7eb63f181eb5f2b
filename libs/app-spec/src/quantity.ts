import { showValue } from './issues.js';

/** The outcome of reading a quantity: a canonical integer, or why it is not one. */
export type QuantityResult = { ok: true; value: number } | { ok: false; message: string };

/**
 * How to read single-letter upper-case size suffixes. `gantry`: `500M`/`1G` are decimal as in
 * Kubernetes, while `512m`, `1g`, `512mb` are binary as in Docker. `docker`: every suffix is
 * binary, which is what dockerd does with a compose file's `mem_limit: 500M`.
 */
export type SizeNotation = 'gantry' | 'docker';

/** Options for `parseSize`. */
export interface SizeOptions {
  /** How to read `500M`; defaults to `gantry`. */
  notation?: SizeNotation;
}

const SIZE_HINT = '(use 512m, 1g, 512Mi)';
const CPU_HINT = '(use 0.5, "1.5" or 500m)';

// Exact decimal arithmetic: "1.1g" must give the same bytes everywhere, and binary floats
// would make 0.1-style fractions differ by one between writers of the same manifest.
interface Decimal {
  digits: bigint;
  scale: bigint;
}

function readDecimal(text: string): Decimal | undefined {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) return undefined;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (whole === '' && fraction === '') return undefined;
  return { digits: BigInt(`${whole}${fraction}` || '0'), scale: 10n ** BigInt(fraction.length) };
}

const binary = (power: number): bigint => 1024n ** BigInt(power);
const decimal = (power: number): bigint => 1000n ** BigInt(power);
const powers: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };

function sizeMultiplier(unit: string, notation: SizeNotation): bigint | undefined {
  if (unit === '' || unit === 'b' || unit === 'B') return 1n;
  // Kubernetes binary suffixes, and Docker's lenient spellings of them (MiB, mib).
  const iec = /^([kmgtpe])i(b)?$/i.exec(unit);
  if (iec) return binary(powers[(iec[1] ?? '').toLowerCase()] ?? 0);
  // Docker: "512mb", "1GB", "64Kb" are all binary.
  const withB = /^([kmgtp])b$/i.exec(unit);
  if (withB) return binary(powers[(withB[1] ?? '').toLowerCase()] ?? 0);
  if (/^[kmgtp]$/.test(unit)) return binary(powers[unit] ?? 0);
  if (unit === 'K') return binary(1);
  if (/^[MGTPE]$/.test(unit)) {
    const power = powers[unit.toLowerCase()] ?? 0;
    return notation === 'docker' ? binary(power) : decimal(power);
  }
  return undefined;
}

/** Reads a size in bytes: `536870912`, `512m`, `512mb`, `1g`, `1024k` (Docker) or `512Mi`, `1Gi`, `500M` (Kubernetes). */
export function parseSize(input: unknown, options: SizeOptions = {}): QuantityResult {
  const notation = options.notation ?? 'gantry';
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) {
      return { ok: false, message: `${showValue(input)} is not a size: a number of bytes must be a whole number, 0 or more` };
    }
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') {
    return { ok: false, message: `${showValue(input)} is not a size ${SIZE_HINT}` };
  }
  const match = /^\s*(\d+(?:\.\d*)?|\.\d+)\s?([A-Za-z]*)\s*$/.exec(input);
  const amount = match ? readDecimal(match[1] ?? '') : undefined;
  const multiplier = match ? sizeMultiplier(match[2] ?? '', notation) : undefined;
  if (amount === undefined || multiplier === undefined) {
    return { ok: false, message: `${showValue(input)} is not a size ${SIZE_HINT}` };
  }
  // Truncating a fractional byte is what Docker's RAMInBytes does.
  const bytes = (amount.digits * multiplier) / amount.scale;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, message: `${showValue(input)} is too large a size (at most 8 PiB)` };
  }
  return { ok: true, value: Number(bytes) };
}

const iecUnits = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Writes bytes in the largest binary unit that divides them exactly (`536870912` -> `512Mi`). */
export function formatSize(bytes: number): string {
  let value = BigInt(bytes);
  if (value === 0n) return '0';
  let unit = '';
  for (const next of iecUnits) {
    if (value % 1024n !== 0n) break;
    value /= 1024n;
    unit = next;
  }
  return `${value}${unit}`;
}

const NANO = 1_000_000_000n;

/** Reads a CPU amount as nano-CPUs: `0.5`, `"1.5"`, `2` or `500m` (millicores). */
export function parseCpus(input: unknown): QuantityResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0 || input > 1e9) {
      return { ok: false, message: `${showValue(input)} is not a CPU amount ${CPU_HINT}` };
    }
    // toFixed gives the decimal digits a writer meant (0.1 -> "0.100000000000"), not the binary float.
    text = input.toFixed(12);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return { ok: false, message: `${showValue(input)} is not a CPU amount ${CPU_HINT}` };
  }
  const milli = text.endsWith('m');
  const amount = readDecimal(milli ? text.slice(0, -1) : text);
  if (amount === undefined) {
    return { ok: false, message: `${showValue(input)} is not a CPU amount ${CPU_HINT}` };
  }
  const numerator = amount.digits * (milli ? NANO / 1000n : NANO);
  if (numerator % amount.scale !== 0n) {
    return { ok: false, message: `${showValue(input)} is too precise a CPU amount (at most a billionth of a CPU)` };
  }
  const nano = numerator / amount.scale;
  if (nano > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, message: `${showValue(input)} is too many CPUs` };
  }
  return { ok: true, value: Number(nano) };
}

/** Writes nano-CPUs as a decimal number of CPUs (`1500000000` -> `1.5`). */
export function formatCpus(nanoCpus: number): string {
  const value = BigInt(nanoCpus);
  const whole = value / NANO;
  const fraction = (value % NANO).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}
