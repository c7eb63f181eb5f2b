import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Supervisor, WatchedOutbox, type Logger } from '@gantry/agent-core';
import type Docker from 'dockerode';
import { CapsMonitor } from '../caps/caps-monitor.js';
import { CapsVerifier } from '../caps/caps-verifier.js';
import { detectCapacity, type Capacity } from '../capacity/capacity.js';
import { CgroupInspector, NodeCgroupFs, readLayout, type CgroupLayout } from '../cgroups/index.js';
import type { CloudSync } from '../cloud/cloud-sync.js';
import { IdentityFileError, readIdentity, type Identity } from '../cloud/identity.js';
import { ConfigError, type AgentConfig } from '../config/config.js';
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
 * the supervisor and its loop, caps verification, and the local control API; and, when
 * the gateway has enrolled (`<dataDir>/identity.json`), the sync with the cloud.
 */
export async function runDaemon(config: AgentConfig, { signal, log }: { signal: AbortSignal; log: Logger }): Promise<void> {
  const startedAtMs = Date.now();
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await chmod(config.dataDir, 0o700);
  const identity = await readIdentity(config.dataDir).catch((error: unknown) => {
    throw error instanceof IdentityFileError ? new ConfigError(error.message) : error;
  });
  const docker = createDockerClient({ socketPath: config.dockerSocket });
  const version = await docker.version().catch((error: unknown) => {
    throw new Error(`cannot reach Docker at ${config.dockerSocket} (${String(error)}); run \`gantry-agent doctor\``);
  });
  const fs = new NodeCgroupFs();
  const layout = await readLayout(fs, '/proc');
  const capacity = await detectCapacity(config.reserve);
  const runtime = new DockerRuntime(docker, { registryAuth: config.registries, instance: config.instance });
  const outbox = new WatchedOutbox(await FileOutbox.open(join(config.dataDir, 'outbox.jsonl'), { limit: config.outboxLimit }));
  const inspector = new CgroupInspector(fs);
  const monitor = new CapsMonitor(docker, inspector);
  const bus = new DaemonBus();
  const verifier: { current?: CapsVerifier } = {};
  let cloud: CloudSync | undefined;
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
    onReconciled: async (current) => {
      await verifier.current?.verify(current);
      cloud?.reconciled(current);
    },
  });
  verifier.current = new CapsVerifier(monitor, outbox, () => supervisor.status().target, log);
  if (identity) {
    // Before the supervisor starts, so its first reconcile reaches the session's first report.
    const parts = { identity, config, supervisor, outbox, runtime, docker, inspector, monitor, capacity, log, startedAtMs, dockerVersion: version.Version, layout };
    cloud = await startCloud(parts);
  }
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
    ...(cloud ? { cloud: cloud.status } : {}),
  });
  log.info(`gantry-agent ${agentVersion()} running: Docker ${version.Version}, cgroup ${layout.kind}, control socket ${socket}`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log.info('stopping');
  await cloud?.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await supervisor.stop();
}

/** What cloud mode is wired from. */
interface CloudParts {
  identity: Identity;
  config: AgentConfig;
  supervisor: Supervisor;
  outbox: WatchedOutbox;
  runtime: DockerRuntime;
  docker: Docker;
  inspector: CgroupInspector;
  monitor: CapsMonitor;
  capacity: Capacity;
  log: Logger;
  startedAtMs: number;
  dockerVersion: string;
  layout: CgroupLayout;
}

// Loaded only for an enrolled gateway: the MQTT client and the sync engine stay out of a
// local-mode agent's memory.
async function startCloud(parts: CloudParts): Promise<CloudSync> {
  const [{ startCloudSync }, { dockerCommandHandlers }, { gatewayPlatform }] = await Promise.all([
    import('../cloud/cloud-sync.js'),
    import('../cloud/command-handlers.js'),
    import('../cloud/platform.js'),
  ]);
  const platform = gatewayPlatform(parts.layout.kind, parts.dockerVersion);
  const commands = dockerCommandHandlers({
    runtime: parts.runtime,
    agentVersion: agentVersion(),
    dockerVersion: parts.dockerVersion,
    cgroupVersion: platform.cgroupVersion,
    startedAtMs: parts.startedAtMs,
    doctor: async () => {
      const { createDoctorContext, DOCTOR_CHECKS, runDoctor } = await import('../doctor/index.js');
      // The daemon's config was valid when it started; the config check needs the file's path, which only the CLI knows.
      const context = createDoctorContext({ config: parts.config, configPath: 'the running agent', configError: null });
      return runDoctor(context, { checks: DOCTOR_CHECKS.filter((check) => check.name !== 'config'), agentVersion: agentVersion() });
    },
  });
  return startCloudSync({ ...parts, commands, platform, agentVersion: agentVersion() });
}
