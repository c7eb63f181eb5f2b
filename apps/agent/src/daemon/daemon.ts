import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Supervisor, type Logger } from '@gantry/agent-core';
import { CapsMonitor } from '../caps/caps-monitor.js';
import { CapsVerifier } from '../caps/caps-verifier.js';
import { detectCapacity } from '../capacity/capacity.js';
import { CgroupInspector, NodeCgroupFs, readLayout } from '../cgroups/index.js';
import type { AgentConfig } from '../config/config.js';
import { startControlServer } from '../control/server.js';
import { controlSocketPath } from '../control/socket-path.js';
import { createDockerClient } from '../runtime/docker-client.js';
import { DockerRuntime } from '../runtime/index.js';
import { FileOutbox } from '../store/file-outbox.js';
import { FileStateStore } from '../store/file-state-store.js';
import { agentVersion } from '../version.js';
import { DaemonBus } from './bus.js';

/**
 * Runs the agent daemon until `signal` aborts: the Docker runtime, the crash-safe store,
 * the supervisor and its loop, caps verification, and the local control API.
 */
export async function runDaemon(config: AgentConfig, { signal, log }: { signal: AbortSignal; log: Logger }): Promise<void> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await chmod(config.dataDir, 0o700);
  const docker = createDockerClient({ socketPath: config.dockerSocket });
  const version = await docker.version().catch((error: unknown) => {
    throw new Error(`cannot reach Docker at ${config.dockerSocket} (${String(error)}); run \`gantry-agent doctor\``);
  });
  const fs = new NodeCgroupFs();
  const layout = await readLayout(fs, '/proc');
  const capacity = await detectCapacity(config.reserve);
  const runtime = new DockerRuntime(docker, { registryAuth: config.registries, instance: config.instance });
  const outbox = await FileOutbox.open(join(config.dataDir, 'outbox.jsonl'), { limit: config.outboxLimit });
  const monitor = new CapsMonitor(docker, new CgroupInspector(fs));
  const bus = new DaemonBus();
  const verifier: { current?: CapsVerifier } = {};
  const supervisor = await Supervisor.open({
    runtime,
    store: new FileStateStore(join(config.dataDir, 'state.json')),
    outbox,
    limits: () => ({ allocatable: capacity.allocatable, policy: config.policy }),
    strategy: config.updateStrategy,
    resyncIntervalMs: config.resyncInterval,
    log,
    onPullProgress: (progress) => bus.emit('pull', progress),
    onStep: (step) => bus.emit('step', step),
    onReconciled: async (current) => verifier.current?.verify(current),
  });
  verifier.current = new CapsVerifier(monitor, outbox, () => supervisor.status().target, log);
  supervisor.start();
  const socket = controlSocketPath(config);
  const server = await startControlServer(socket, {
    supervisor,
    runtime,
    monitor,
    bus,
    config,
    capacity,
    docker: { version: version.Version, cgroup: layout.kind },
    agentVersion: agentVersion(),
  });
  log.info(`gantry-agent ${agentVersion()} running: Docker ${version.Version}, cgroup ${layout.kind}, control socket ${socket}`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log.info('stopping');
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await supervisor.stop();
}
