import { randomUUID } from 'node:crypto';
import type { CurrentState, Logger, WatchedOutbox } from '@gantry/agent-core';
import { SyncSession, type CommandHandlers, type MqttConnectOptions, type MqttLink, type MqttLinkHandlers, type MqttPublishOptions, type SyncSupervisor } from '@gantry/agent-core/sync';
import { MqttJsLink } from '@gantry/mqtt-link';
import { isoTimestamp, type Platform } from '@gantry/protocol';
import type Docker from 'dockerode';
import type { CapsMonitor } from '../caps/caps-monitor.js';
import type { Capacity } from '../capacity/capacity.js';
import type { CgroupInspector } from '../cgroups/index.js';
import type { AgentConfig } from '../config/config.js';
import type { CloudStatus } from '../control/contract.js';
import { HostReader, inspectInit, TelemetrySampler } from '../telemetry/index.js';
import { capsStatusFromMonitor } from './caps-status.js';
import type { Identity } from './identity.js';

/** What the daemon hands the cloud sync. */
export interface CloudSyncParts {
  identity: Identity;
  config: AgentConfig;
  supervisor: SyncSupervisor;
  /** The outbox the supervisor and the caps verifier record into. */
  outbox: WatchedOutbox;
  commands: CommandHandlers;
  monitor: CapsMonitor;
  capacity: Capacity;
  platform: Platform;
  /** For telemetry: where each container's cgroup is. */
  docker: Docker;
  inspector: CgroupInspector;
  agentVersion: string;
  log: Logger;
}

/** The daemon's handle on its cloud connection. */
export interface CloudSync {
  /** Feed of the supervisor's reconciles (after the caps verifier has read the cgroups). */
  reconciled(current: CurrentState): void;
  status(): Promise<CloudStatus>;
  /** Says `offline` to the cloud and disconnects. */
  stop(): Promise<void>;
}

/**
 * Cloud mode: one {@link SyncSession} over mqtt.js to the broker URLs enrollment gave (tried
 * in order), with the gateway's enrolled credentials. Loaded only when the gateway has an
 * identity, so local mode never pays for the MQTT client.
 */
export function startCloudSync(parts: CloudSyncParts): CloudSync {
  const { identity, config, capacity, log } = parts;
  const link = new TrackedLink(new MqttJsLink({ urls: identity.mqtt.urls }));
  const session = new SyncSession({
    identity: { deviceId: identity.deviceId, agentVersion: parts.agentVersion, bootId: randomUUID(), platform: parts.platform },
    credentials: { username: identity.mqtt.username, password: identity.mqtt.password },
    link,
    supervisor: parts.supervisor,
    outbox: parts.outbox,
    commands: parts.commands,
    gateway: () => ({ allocatable: capacity.allocatable, capacity: capacity.capacity }),
    log,
    capsStatus: capsStatusFromMonitor(parts.monitor),
    defaultHealthyWithinMs: config.healthyWithin,
  });
  const telemetry =
    config.telemetryInterval > 0
      ? new TelemetrySampler({
          intervalMs: config.telemetryInterval,
          inspector: parts.inspector,
          inspectInit: (containerId) => inspectInit(parts.docker, containerId),
          host: new HostReader({ dataDir: config.dataDir }),
          publish: (batch) => session.publishTelemetry(batch),
          log,
        })
      : undefined;
  session.start();
  telemetry?.start();
  log.info(`cloud mode: gateway ${identity.deviceId} of ${identity.controllerUrl}, broker ${identity.mqtt.urls.join(' or ')}`);
  return {
    reconciled: (current) => {
      telemetry?.observe(current);
      session.reconciled(current);
    },
    status: async () => {
      const state = session.connection();
      return {
        deviceId: identity.deviceId,
        name: identity.name,
        controllerUrl: identity.controllerUrl,
        connection: state === 'connected' ? 'connected' : state === 'connecting' ? 'connecting' : 'disconnected',
        brokerUrl: link.connectedUrl ?? null,
        lastSyncAt: link.lastAckAt === undefined ? null : isoTimestamp(link.lastAckAt),
        since: link.changedAt === undefined ? null : isoTimestamp(link.changedAt),
        pendingEvents: (await parts.outbox.peek(Number.MAX_SAFE_INTEGER)).length,
      };
    },
    stop: async () => {
      await telemetry?.stop();
      await session.stop();
    },
  };
}

/** The mqtt.js link, noting what `status` shows: when the broker last acknowledged us, and when the connection changed. */
class TrackedLink implements MqttLink {
  lastAckAt: Date | undefined;
  changedAt: Date | undefined;

  constructor(private readonly inner: MqttJsLink) {}

  get connectedUrl(): string | undefined {
    return this.inner.connectedUrl;
  }

  async connect(options: MqttConnectOptions, handlers: MqttLinkHandlers): Promise<void> {
    await this.inner.connect(options, {
      onMessage: (topic, payload) => handlers.onMessage(topic, payload),
      onConnectionLost: (error) => {
        this.changedAt = new Date();
        handlers.onConnectionLost(error);
      },
    });
    this.changedAt = new Date();
  }

  async publish(topic: string, payload: string, options: MqttPublishOptions): Promise<void> {
    await this.inner.publish(topic, payload, options);
    if (options.qos === 1) this.lastAckAt = new Date();
  }

  subscribe(filters: readonly string[]): Promise<void> {
    return this.inner.subscribe(filters);
  }

  async end(): Promise<void> {
    const wasConnected = this.inner.isConnected;
    await this.inner.end();
    if (wasConnected) this.changedAt = new Date();
  }
}
