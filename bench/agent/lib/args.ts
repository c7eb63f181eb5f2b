// The few flags the benchmarks take, parsed once.
import { parseArgs } from 'node:util';

/** A `--name <n>` flag taking a bounded whole number. */
export interface IntFlag {
  name: string;
  value: number;
  min: number;
  max: number;
  help: string;
}

/**
 * Parses the command line against `flags` (an unknown flag or a bad value stops the run;
 * `--help` lists them) and returns a lookup of their values.
 */
export function readFlags(flags: readonly IntFlag[], argv = process.argv.slice(2)): (name: string) => number {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const f of flags) options[f.name] = { type: 'string' };
  const { values } = parseArgs({ args: argv, options, strict: true });
  if (values['help'] === true) {
    for (const f of flags) console.log(`  --${f.name} <n>  ${f.help} (default ${f.value}, ${f.min}..${f.max})`);
    process.exit(0);
  }
  const parsed = new Map<string, number>();
  for (const f of flags) {
    const raw = values[f.name];
    const value = typeof raw === 'string' ? Number(raw) : f.value;
    if (!Number.isInteger(value) || value < f.min || value > f.max) throw new Error(`--${f.name} must be a whole number from ${f.min} to ${f.max}, not ${String(raw)}`);
    parsed.set(f.name, value);
  }
  return (name) => {
    const value = parsed.get(name);
    if (value === undefined) throw new Error(`no flag --${name}`);
    return value;
  };
}
