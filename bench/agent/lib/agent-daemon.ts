// A `gantry-agent run` daemon of our own, configured like the test harness's
// (apps/agent/test/harness.ts) but with the agent's default intervals, and with its pid known.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, pollUntil, uniqueName } from '@gantry/test-kit';
import { stringify } from 'yaml';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the agent ships no library: the benchmark drives its control API as its CLI does
import { ControlClient } from '../../../apps/agent/src/control/client.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the agent ships no library: the benchmark drives its control API as its CLI does
import { controlSocketPath } from '../../../apps/agent/src/control/socket-path.js';
import type { AgentBuild } from './agent-build.js';
import { removeLabelled } from './docker.js';

/** A running daemon with its own data dir and label namespace (`instance`). */
export interface AgentDaemon {
  build: AgentBuild;
  instance: string;
  configPath: string;
  client: ControlClient;
  /** The daemon process's pid (it changes with `reset`). */
  pid(): number;
  /**
   * Stops the daemon, removes its containers and networks and its state, and starts it again:
   * an agent with no apps. (Local mode cannot remove an app, so this is how a benchmark tears one down.)
   */
  reset(): Promise<void>;
  /** Stops the daemon (SIGTERM) and removes everything it made, and its data dir. */
  dispose(): Promise<void>;
}

/** What to do once the daemon's config is written, before it first starts (e.g. `gantry-agent enroll`). */
export type BeforeStart = (daemon: { build: AgentBuild; configPath: string }) => Promise<void>;

/** Starts a daemon with the agent's default intervals (resync 30 s) and waits until it answers. */
export async function startDaemon(build: AgentBuild, beforeStart?: BeforeStart): Promise<AgentDaemon> {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-bench-'));
  const instance = uniqueName('bench');
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'agent.yaml');
  await writeFile(configPath, stringify({ dataDir, instance, policy: { allowUncapped: false } }));
  const client = new ControlClient(controlSocketPath({ dataDir }));
  let child: ChildProcess | undefined;

  const launch = async () => {
    const proc = spawn(build.command, [...build.args, 'run', '--config', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let log = '';
    proc.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
    await pollUntil(
      async () => {
        if (proc.exitCode !== null) throw new Error(`the agent exited with ${proc.exitCode}:\n${log}`);
        return (await client.status().then(() => true, () => false)) || undefined;
      },
      { timeoutMs: 30_000, what: `the ${build.name} agent daemon to answer` },
    );
  };
  const stop = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  };
  const removeAll = async () => {
    await removeLabelled(await connectDocker(), `io.gantry.managed=${instance}`);
    await rm(dataDir, { recursive: true, force: true });
  };
  const dispose = async () => {
    await stop();
    await removeAll();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await beforeStart?.({ build, configPath });
    await launch();
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    build,
    instance,
    configPath,
    client,
    pid: () => {
      if (child?.pid === undefined) throw new Error('the agent daemon has no pid');
      return child.pid;
    },
    reset: async () => {
      await stop();
      await removeAll();
      await launch();
    },
    dispose,
  };
}
