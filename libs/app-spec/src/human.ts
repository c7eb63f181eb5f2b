import { formatCpus } from './quantity.js';

const units = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
] as const;

/**
 * Bytes as a person reads them in messages and tables: `512 MiB`, `1.5 GiB`, `100 bytes`.
 * One decimal at most; for the manifest's own notation use `formatSize`.
 */
export function humanBytes(bytes: number): string {
  for (const [unit, size] of units) {
    if (Math.abs(bytes) >= size) {
      const value = Math.round((bytes / size) * 10) / 10;
      return `${value} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/** Nano-CPUs as a person reads them: `0.25 CPU`, `2 CPUs`. */
export function humanCpus(nanoCpus: number): string {
  const text = formatCpus(nanoCpus);
  return `${text} ${nanoCpus === 1_000_000_000 || nanoCpus < 1_000_000_000 ? 'CPU' : 'CPUs'}`;
}
