// Running a command as a person would, timed from spawn to exit.
import { spawn } from 'node:child_process';

/** What a command printed, how it ended, and when (wall clock, ms with a fraction). */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  startedAtMs: number;
  endedAtMs: number;
}

/** Wall-clock time in ms with sub-ms precision; comparable with Docker's timestamps on this host. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Runs `command` (no shell) to its end, or kills it after `timeoutMs`. */
export async function runCommand(command: string, args: readonly string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<CommandResult> {
  const { timeoutMs = 120_000, cwd } = options;
  const startedAtMs = nowMs();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, timeout: timeoutMs });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { code, stdout, stderr, startedAtMs, endedAtMs: nowMs() };
}

/** Like {@link runCommand}, but a non-zero exit is an error that shows the output. */
export async function mustRun(command: string, args: readonly string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` exited with ${String(result.code)}:\n${result.stdout}${result.stderr}`);
  }
  return result;
}
