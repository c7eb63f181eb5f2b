import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, pollUntil, removeLabelled, uniqueName } from '@gantry/test-kit';
import { stringify } from 'yaml';
import { ControlClient } from '../src/control/client.js';
import { controlSocketPath } from '../src/control/socket-path.js';

const AGENT_ROOT = join(import.meta.dirname, '..');
const MAIN = join(AGENT_ROOT, 'src', 'cli', 'main.ts');
const NODE_ARGS = ['--conditions=@gantry/source', '--import', 'tsx'];

/** What a CLI run printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A real `gantry-agent run` in its own process, with its own data dir and label namespace. */
export interface AgentUnderTest {
  dataDir: string;
  instance: string;
  configPath: string;
  client: ControlClient;
  /** The daemon's log so far. */
  log(): string;
  /** Runs a `gantry-agent` command against this agent. */
  cli(args: string[], stdin?: string): Promise<CliResult>;
  /** Kills the daemon (SIGKILL by default) and waits for it to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the daemon again on the same data dir. */
  restart(): Promise<void>;
  /** Stops the daemon and deletes everything it made (containers, networks, volumes, data dir). */
  dispose(): Promise<void>;
}

/** Starts an agent daemon for a test. `config` is merged into the agent's YAML config. */
export async function startAgent(config: Record<string, unknown> = {}): Promise<AgentUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-agent-'));
  const instance = uniqueName('t');
  const configPath = join(dataDir, 'agent.yaml');
  await writeFile(
    configPath,
    stringify({ dataDir: join(dataDir, 'data'), instance, resyncInterval: '2s', healthyWithin: '20s', policy: { allowUncapped: false }, ...config }),
  );
  const client = new ControlClient(controlSocketPath({ dataDir: join(dataDir, 'data') }));
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async () => {
    const proc = spawn(process.execPath, [...NODE_ARGS, MAIN, 'run', '--config', configPath], { cwd: AGENT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(
      async () => {
        if (proc.exitCode !== null) throw new Error(`the agent exited with ${proc.exitCode}:\n${output}`);
        return (await client.status().then(() => true, () => false)) || undefined;
      },
      { timeoutMs: 30_000, what: 'the agent daemon to answer' },
    );
  };

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  };

  await launch();
  return {
    dataDir,
    instance,
    configPath,
    client,
    log: () => output,
    cli: (args, stdin) => runCli(['--config', configPath, ...args], stdin),
    kill,
    restart: launch,
    dispose: async () => {
      await kill('SIGTERM');
      await removeLabelled(await connectDocker(), `io.gantry.managed=${instance}`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the `gantry-agent` CLI as a person would. */
export async function runCli(args: string[], stdin?: string): Promise<CliResult> {
  const proc = spawn(process.execPath, [...NODE_ARGS, MAIN, ...args], { cwd: AGENT_ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdin.end(stdin ?? '');
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  return { code, stdout, stderr };
}

