// How numbers from the control API read in tables: `23.1 MiB / 64 MiB`, `0.02 / 0.25`.
import { formatCpus, humanBytes } from '@gantry/app-spec';

/** Shown for a figure nobody could read (service stopped, cgroup unreadable). */
export const UNKNOWN = '-';
/** Shown for a cap that is not set. */
export const NO_CAP = '∞';

/** A release id cut to 12 characters, as `docker ps` cuts ids; a `sha256:` prefix is dropped. */
export function shortRelease(releaseId: string): string {
  return releaseId.replace(/^sha256:/, '').slice(0, 12);
}

/** Memory used against its cap: `23.1 MiB / 64 MiB`, `- / 64 MiB`, `23.1 MiB / ∞`. */
export function memoryCell(usedBytes: number | null, capBytes: number | null): string {
  const used = usedBytes === null ? UNKNOWN : humanBytes(usedBytes);
  const cap = capBytes === null ? NO_CAP : humanBytes(capBytes);
  return `${used} / ${cap}`;
}

/** CPUs used against the cap, in CPUs: `0.02 / 0.25`, `- / 1.5`, `0.40 / ∞`. */
export function cpuCell(usedNanoCpus: number | null, capNanoCpus: number | null): string {
  const used = usedNanoCpus === null ? UNKNOWN : (usedNanoCpus / 1e9).toFixed(2);
  const cap = capNanoCpus === null ? NO_CAP : formatCpus(Math.round(capNanoCpus));
  return `${used} / ${cap}`;
}

/** How long ago an ISO time was, roughly: `12 s ago`, `3 min ago`, `5 h ago`, `2 days ago`. */
export function ago(iso: string, now: Date): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((now.getTime() - at) / 1000);
  if (seconds < 0) return 'in the future (check the clocks)';
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}

/** An ISO time with how long ago it was: `2024-05-01T10:00:00Z (3 min ago)`. */
export function timeWithAgo(iso: string, now: Date): string {
  return `${iso} (${ago(iso, now)})`;
}
