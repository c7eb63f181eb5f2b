// Runs every agent benchmark, one after the other, after printing the machine they run on.
// Run: node --conditions=@gantry/source --import tsx bench/agent/run-all.ts [--reps 5] [--settle 180]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { readFlags } from './lib/args.js';
import { runCommand } from './lib/command.js';

const flag = readFlags([
  { name: 'reps', value: 5, min: 1, max: 10, help: 'repetitions for target-to-running and apply-vs-compose' },
  { name: 'settle', value: 180, min: 10, max: 1800, help: 'idle seconds for idle-rss' },
]);

const first = async (command: string, args: string[]) => (await runCommand(command, args).catch(() => undefined))?.stdout.split('\n')[0]?.trim() ?? 'unknown';
const os = (await readFile('/etc/os-release', 'utf8')).match(/^PRETTY_NAME="(.*)"$/m)?.[1] ?? 'unknown';
console.log(`date:           ${new Date().toISOString()}`);
console.log(`machine:        ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${os}, kernel ${release()}`);
console.log(`docker engine:  ${await first('docker', ['version', '--format', '{{.Server.Version}}'])}`);
console.log(`docker-compose: ${await first('docker-compose', ['version', '--short'])}`);
console.log(`node:           ${process.version}`);

const benches: [string, string[]][] = [
  ['idle-rss.ts', ['--settle', String(flag('settle'))]],
  ['target-to-running.ts', ['--reps', String(flag('reps'))]],
  ['apply-vs-compose.ts', ['--reps', String(flag('reps'))]],
];
const outcomes: string[] = [];
let current: ChildProcess | undefined;
let stopping = false;
// Hand a signal on to the benchmark running (it cleans up, then exits) and start no other.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true;
    current?.kill(signal);
  });
}
for (const [file, args] of benches) {
  if (stopping) break;
  console.log(`\n=== ${file} ${args.join(' ')}\n`);
  const child = spawn(process.execPath, [...process.execArgv, join(import.meta.dirname, file), ...args], { stdio: 'inherit' });
  current = child;
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  outcomes.push(`${file}: ${code === 0 ? 'ran' : `failed (exit ${String(code)})`}`);
  if (code !== 0) process.exitCode = 1;
}
console.log(`\n${outcomes.join('\n')}`);
