// Node processes a benchmark starts: each with its open-files limit raised to the hard limit
// (10,000 sessions need more sockets than the usual soft limit of 1,024), its output kept,
// its pid known, and a stop that always ends it.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

/** A process started by {@link startNode}. */
export interface NodeProcess {
  readonly child: ChildProcess;
  /** The node process itself (the shell that raised the limit `exec`s it, keeping the pid). */
  readonly pid: number;
  /** Everything it wrote to stdout and stderr, last `keepChars` characters. */
  output(): string;
  /** Calls `listener` with each complete line of stdout/stderr. */
  onLine(listener: (line: string) => void): void;
  /** Whether it has exited. */
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * V8 flags of the servers and load generators a benchmark starts, the ones `scripts/start.sh`
 * gives the controller and firmware-sim: semi-spaces of 64 MiB instead of V8's 16. A fan-out
 * keeps thousands of messages, reports and timers alive for tens to hundreds of milliseconds;
 * small semi-spaces fill faster than that, so they survive two scavenges, are promoted, and
 * die in the old generation, where only full collections reclaim them. The baseline's broker
 * and sessions run with the same flags, so a ratio compares code, not heap settings.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/**
 * Runs `node <args…>` through `sh -c 'ulimit -n <hard limit>; exec …'` (the shell is replaced
 * by node, so the pid is node's). `ipc` adds an IPC channel. `nodeFlags` go first, then the
 * environment's `BENCH_NODE_FLAGS` (space-separated), which can so override them (the last of
 * two V8 flags wins): `--cpu-prof` is refused in `NODE_OPTIONS`, and profiling the processes a
 * benchmark starts needs it.
 */
export function startNode(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; ipc?: boolean; keepChars?: number; cwd?: string; nodeFlags?: readonly string[] } = {},
): NodeProcess {
  const stdio: StdioOptions = options.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
  const flags = [...(options.nodeFlags ?? []), ...(process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((flag) => flag !== '')];
  const child = spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"', process.execPath, ...flags, ...args], {
    stdio,
    env: options.env ?? process.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  if (child.pid === undefined) throw new Error(`could not start node ${args.join(' ')}`);
  const keepChars = options.keepChars ?? 200_000;
  let output = '';
  const listeners: ((line: string) => void)[] = [];
  let partial = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-keepChars);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    pid: child.pid,
    output: () => output,
    onLine: (listener) => void listeners.push(listener),
    hasExited,
    stop: async (graceMs = 10_000) => {
      if (hasExited()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Arguments that run a TypeScript file of the workspace the way the benchmarks themselves run:
 * the workspace's libraries from source, unless `onBuiltLibraries`, when they resolve to their
 * `dist/` (what ships) and only `file` goes through tsx. Source run through tsx keeps every
 * function's name in a closure of its own, which a process holding thousands of simulated
 * gateways pays for in memory and garbage collection.
 */
export function tsxArgs(file: string, args: readonly string[] = [], options: { onBuiltLibraries?: boolean } = {}): string[] {
  return [...(options.onBuiltLibraries === true ? [] : ['--conditions=@gantry/source']), '--import', 'tsx', file, ...args];
}
