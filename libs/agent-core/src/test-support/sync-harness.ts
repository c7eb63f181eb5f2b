import {
  buildTopic,
  createMessage,
  encode,
  type Command,
  type DesiredState,
  type MessageKind,
  type MessageOf,
} from '@gantry/protocol';
import { vi } from 'vitest';
import { Supervisor } from '../supervise/supervisor.js';
import type { CommandHandlers } from '../sync/command-handlers.js';
import { SyncSession } from '../sync/sync-session.js';
import type { SyncSessionOptions } from '../sync/sync-options.js';
import { WatchedOutbox } from '../store/watched-outbox.js';
import { ManualClock } from './manual-clock.js';
import { MemoryBroker } from './memory-mqtt.js';
import { MemoryOutbox, MemoryRuntime, MemoryStore } from './memory-ports.js';
import { targetApp } from './world.js';

export const DEVICE_ID = 'gw-17';
export const BOOT_ID = '6f1c1d5e-4a7b-4c1e-9d2a-0b3c4d5e6f70';
const MiB = 1024 * 1024;
export const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Hash of a test target: the version and a content tag, so equal tags mean equal content. */
export function hashOf(version: number, tag = 'a'): string {
  return `sha256:${tag.repeat(8).slice(0, 8)}${String(version).padStart(56, '0')}`;
}

/** A desired state running one app `site` with one capped, health-checked service `api`. */
export function desired(version: number, { releaseId = `r${version}`, memoryBytes = 64 * MiB, tag = 'a' } = {}): DesiredState {
  const app = targetApp('site', releaseId, {
    name: 'site',
    services: {
      api: {
        image: `registry.local/api:${releaseId}`,
        healthcheck: { test: ['CMD', 'true'] },
        restart: { policy: 'always' },
        resources: { memoryBytes, nanoCpus: 500_000_000 },
      },
    },
  });
  return { version, hash: hashOf(version, tag), apps: { site: { releaseId, manifest: app.spec } } };
}

/** A message encoded as it travels; throws if the protocol refuses it. */
export function wire<K extends MessageKind>(kind: K, message: MessageOf<K>): string {
  const encoded = encode(kind, message);
  if (!encoded.ok) throw new Error(`test message is invalid: ${encoded.error.message}`);
  return encoded.value;
}

export function desiredMessage(body: DesiredState, id?: string): MessageOf<'desired'> {
  return createMessage('desired', body, { deviceId: DEVICE_ID, ...(id ? { id } : {}) });
}

/** Sends a command as the cloud would; returns its request id. */
export function sendCommand(broker: MemoryBroker, requestId: string, command: Command): void {
  broker.publish(buildTopic({ kind: 'cmd', deviceId: DEVICE_ID, requestId }), wire('cmd', createMessage('cmd', command, { deviceId: DEVICE_ID, id: requestId })));
}

export const desiredTopic = buildTopic({ kind: 'desired', deviceId: DEVICE_ID });

/** Command handlers that answer from fixed data; tests replace what they exercise. */
export function fakeCommands(overrides: Partial<CommandHandlers> = {}): CommandHandlers {
  return {
    logs: async ({ tail }) => ({
      lines: Array.from({ length: tail }, (_, i) => ({ ts: new Date(i * 1_000).toISOString(), stream: 'stdout' as const, text: `line ${i}` })),
      isTruncated: false,
    }),
    restart: async () => ({ containerId: '0123456789ab', restartedAt: new Date(0).toISOString() }),
    diagnostics: async () => ({ agentVersion: '1.2.3', uptimeMs: 5_000, dockerVersion: '24.0.7', cgroupVersion: 2, checks: [{ name: 'docker', isOk: true }] }),
    ...overrides,
  };
}

/** Everything a sync test needs: a supervisor on the memory runtime, a broker, a manual clock, and the session. */
export async function startSession(
  options: { store?: MemoryStore; commands?: CommandHandlers; random?: () => number; session?: Partial<SyncSessionOptions>; isBrokerDown?: boolean } = {},
) {
  const broker = new MemoryBroker();
  broker.isRefusingConnections = options.isBrokerDown ?? false;
  const runtime = new MemoryRuntime();
  const store = options.store ?? new MemoryStore();
  const memoryOutbox = new MemoryOutbox();
  const outbox = new WatchedOutbox(memoryOutbox);
  const clock = new ManualClock();
  const holder: { session?: SyncSession } = {};
  const supervisor = await Supervisor.open({
    runtime,
    store,
    outbox,
    limits: () => ({ allocatable: { memoryBytes: 256 * MiB, nanoCpus: 2_000_000_000 }, policy: {} }),
    strategy: 'download-then-kill',
    resyncIntervalMs: 3_600_000,
    recheckMs: 10,
    log: quiet,
    onReconciled: async (current) => holder.session?.reconciled(current),
  });
  const link = broker.link();
  const session = new SyncSession({
    identity: { deviceId: DEVICE_ID, agentVersion: '1.2.3', bootId: BOOT_ID, platform: { os: 'linux', arch: 'arm64', cgroupVersion: 2 } },
    credentials: { username: DEVICE_ID, password: 'a-long-enough-secret' },
    link,
    supervisor,
    outbox,
    commands: options.commands ?? fakeCommands(),
    gateway: () => ({ allocatable: { memoryBytes: 256 * MiB, nanoCpus: 2_000_000_000 } }),
    log: quiet,
    clock,
    random: options.random ?? (() => 0.5),
    checkIntervalMs: 3_600_000,
    // Events and reports go at once unless a test is about their lingering or holding.
    eventLingerMs: 0,
    reportLingerMs: 0,
    reportHoldMs: 0,
    ...options.session,
  });
  holder.session = session;
  supervisor.start();
  session.start();
  if (!options.isBrokerDown) await vi.waitFor(() => expectConnected(session));
  const stop = async () => {
    await session.stop();
    await supervisor.stop();
  };
  return { broker, runtime, store, outbox, memoryOutbox, clock, supervisor, session, link, stop };
}

function expectConnected(session: SyncSession): void {
  if (session.connection() !== 'connected') throw new Error(`session is ${session.connection()}`);
}
