// Progress lines go to stderr, so that `--json` leaves stdout to the results.

const startedAt = Date.now();

/** `[  12.3 s] message` on stderr. */
export function progress(message: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds} s] ${message}\n`);
}
