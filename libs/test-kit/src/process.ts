import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { pollUntil } from './poll.js';

/** A server process a test started, with the tail of its stderr for error messages. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** The last few KiB the process wrote to stderr (and stdout, when `captureStdout`). */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface StartServerOptions extends Pick<SpawnOptions, 'env' | 'cwd' | 'uid' | 'gid'> {
  /** Answers true once the server serves; polled until it does or `timeoutMs` passes. */
  ready(): Promise<boolean>;
  /** What the server is, for error messages ("PostgreSQL on 127.0.0.1:5433"). */
  what: string;
  /** How to install the binary, appended to a spawn failure. */
  installHint: string;
  timeoutMs?: number;
  captureStdout?: boolean;
}

/** Spawns a server and waits until `ready()`; on failure stops it and throws with its output. */
export async function startServer(binary: string, args: readonly string[], options: StartServerOptions): Promise<ServerProcess> {
  const child = spawn(binary, args, {
    stdio: ['ignore', options.captureStdout === true ? 'pipe' : 'ignore', 'pipe'],
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stderr?.on('data', keep);
  child.stdout?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const server: ServerProcess = { child, output: () => output, stop: () => terminate(child, exited) };
  try {
    await pollUntil(
      async () => {
        if (spawnError !== undefined) throw new Error(`cannot start ${binary}: ${spawnError.message} (${options.installHint})`);
        if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}: ${output}`);
        return options.ready().catch(() => false);
      },
      { timeoutMs: options.timeoutMs ?? 15_000, what: options.what },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
