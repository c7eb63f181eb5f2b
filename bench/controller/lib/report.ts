// Printing results: tables (to stdout, or stderr under --json) and the JSON document.
import { table } from '../../agent/lib/stats.js';

export { median, percentile, mib, ratio, table } from '../../agent/lib/stats.js';

/** Prints a titled table; under `--json` to stderr so stdout holds only the JSON. */
export function printTable(isJson: boolean, title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const text = `\n${title}\n\n${table(header, rows)}\n`;
  if (isJson) process.stderr.write(`${text}\n`);
  else console.log(text);
}

/** Under `--json`, the one JSON document on stdout. */
export function printJson(isJson: boolean, document: unknown): void {
  if (isJson) console.log(JSON.stringify(document, null, 2));
}

/** `12.3 s` */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** `37 %` of one core. */
export function corePercent(cores: number): string {
  return `${(cores * 100).toFixed(1)} %`;
}

/** The machine, for the record. */
export async function machineFacts(): Promise<Record<string, string>> {
  const os = await import('node:os');
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}
