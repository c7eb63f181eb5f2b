// The flags the controller benchmarks take, parsed once; a bad one stops the run before anything starts.
import { parseArgs } from 'node:util';

/** A `--name <n>` flag taking a bounded whole number. */
export interface IntFlag {
  name: string;
  value: number;
  min: number;
  max: number;
  help: string;
}

/** What every controller benchmark accepts besides its own numbers. */
export interface BenchFlags {
  /** Fleet sizes to measure, smallest first (`--sizes 1000,10000`). */
  sizes: number[];
  /** Print one JSON document on stdout at the end; tables and progress then go to stderr. */
  isJson: boolean;
  /** Run the controller's existing dist/ as it is, without building it first. */
  isSkippingBuild: boolean;
  int(name: string): number;
}

/**
 * Parses the command line: `--sizes a,b`, `--json`, `--help`, and the whole-number flags
 * `ints` (each bounded). Unknown flags are an error.
 */
export function readBenchFlags(ints: readonly IntFlag[], defaults: { sizes: number[]; maxSize: number }, argv = process.argv.slice(2)): BenchFlags {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' }, json: { type: 'boolean' }, 'skip-build': { type: 'boolean' }, sizes: { type: 'string' } };
  for (const f of ints) options[f.name] = { type: 'string' };
  const { values } = parseArgs({ args: argv, options, strict: true });
  if (values['help'] === true) {
    console.log(`  --sizes <n,n…>  fleet sizes (gateways) to measure (default ${defaults.sizes.join(',')}, each 1..${defaults.maxSize})`);
    for (const f of ints) console.log(`  --${f.name} <n>  ${f.help} (default ${f.value}, ${f.min}..${f.max})`);
    console.log('  --json  print the results as one JSON document on stdout (tables go to stderr)');
    console.log('  --skip-build  run apps/controller/dist as it is, without `nx run @gantry/controller:build` first');
    process.exit(0);
  }
  const rawSizes = values['sizes'];
  const sizes = typeof rawSizes === 'string' ? rawSizes.split(',').map((s) => Number(s.trim())) : defaults.sizes;
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1 || size > defaults.maxSize) throw new Error(`--sizes takes whole numbers from 1 to ${defaults.maxSize}, not ${String(rawSizes)}`);
  }
  const parsed = new Map<string, number>();
  for (const f of ints) {
    const raw = values[f.name];
    const value = typeof raw === 'string' ? Number(raw) : f.value;
    if (!Number.isInteger(value) || value < f.min || value > f.max) throw new Error(`--${f.name} must be a whole number from ${f.min} to ${f.max}, not ${String(raw)}`);
    parsed.set(f.name, value);
  }
  return {
    sizes: [...sizes].sort((a, b) => a - b),
    isJson: values['json'] === true,
    isSkippingBuild: values['skip-build'] === true,
    int: (name) => {
      const value = parsed.get(name);
      if (value === undefined) throw new Error(`no flag --${name}`);
      return value;
    },
  };
}
