import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, removeLabelled, uniqueName } from '@gantry/test-kit';

// The agent runs from its TypeScript source, as its own system tests run it: the same
// `gantry-agent` entry point, with workspace libraries resolved to their source.
const AGENT_ROOT = join(import.meta.dirname, '..', '..', 'apps', 'agent');
const MAIN = join(AGENT_ROOT, 'src', 'cli', 'main.ts');
const NODE_ARGS = ['--conditions=@gantry/source', '--import', 'tsx'];

/** What a `gantry-agent` command printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One gateway's agent on this machine: its own data dir and label namespace. */
export interface GatewayAgent {
  /** The agent's data dir (state, outbox, identity, control socket). */
  dataDir: string;
  /** Its `io.gantry.managed` label value. */
  instance: string;
  /** Runs a `gantry-agent` command with this agent's config. */
  cli(args: string[]): Promise<CliResult>;
  /** Starts `gantry-agent run`; resolves once the process is up (not yet connected). */
  start(): Promise<void>;
  /** Sends `signal` to the daemon and waits for it to exit; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** The daemon's log so far. */
  log(): string;
  /** Stops the daemon and removes its containers, networks, volumes and files. */
  dispose(): Promise<void>;
}

/** Prepares an agent with a test-only instance name and data dir; nothing runs yet. */
export async function createGatewayAgent(config: Record<string, unknown> = {}): Promise<GatewayAgent> {
  const root = await mkdtemp(join(tmpdir(), 'gantry-e2e-agent-'));
  const dataDir = join(root, 'data');
  const instance = uniqueName('e2e');
  const configPath = join(root, 'agent.yaml');
  const settings = { dataDir, instance, resyncInterval: '2s', healthyWithin: '20s', policy: { allowUncapped: false }, ...config };
  await writeFile(configPath, JSON.stringify(settings, null, 2)); // JSON is YAML
  let child: ChildProcess | undefined;
  let output = '';

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    const proc = child;
    if (!proc) return null;
    if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill(signal);
    return exited;
  };

  return {
    dataDir,
    instance,
    cli: (args) => runAgentCli(['--config', configPath, ...args]),
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error('the agent daemon runs already');
      const proc = spawn(process.execPath, [...NODE_ARGS, MAIN, 'run', '--config', configPath], { cwd: AGENT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        proc.once('spawn', () => resolve());
        proc.once('error', reject);
      });
    },
    stop,
    log: () => output,
    async dispose() {
      await stop('SIGKILL');
      await removeLabelled(await connectDocker(), `io.gantry.managed=${instance}`);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Runs the `gantry-agent` CLI as a person would. */
export async function runAgentCli(args: string[]): Promise<CliResult> {
  const proc = spawn(process.execPath, [...NODE_ARGS, MAIN, ...args], { cwd: AGENT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  return { code, stdout, stderr };
}

