/** Human units for the numbers the controller sends raw. */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** Billionths of a CPU as CPUs, e.g. 250000000 → "0.25 CPU". */
export function formatCpus(nanoCpus: number | null | undefined): string {
  if (nanoCpus === null || nanoCpus === undefined) return '—';
  const cpus = nanoCpus / 1e9;
  return `${cpus >= 10 ? Math.round(cpus) : Number(cpus.toFixed(2))} CPU`;
}

/** A share in percent, or undefined when there is nothing to divide by. */
export function percentOf(used: number | null | undefined, total: number | null | undefined): number | undefined {
  if (used === null || used === undefined || total === null || total === undefined || total <= 0) return undefined;
  return Math.min(100, Math.max(0, (used / total) * 100));
}

const RELATIVE_STEPS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 minutes ago" for a past ISO time, "in 2 hours" for a future one. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (iso === null || iso === undefined) return 'never';
  let amount = (Date.parse(iso) - now) / 1000;
  const formatter = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return formatter.format(Math.round(amount), unit);
    amount /= size;
  }
  return formatter.format(Math.round(amount), 'year');
}

/** A full local date and time, for tooltips beside relative times. */
export function absoluteTime(iso: string | null | undefined): string {
  return iso === null || iso === undefined ? '' : new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}
