import { randomUUID } from 'node:crypto';
import { Supervisor, WatchedOutbox, type CurrentState, type Logger } from '@gantry/agent-core';
import { SyncSession, buildReport, type BackoffOptions, type Clock } from '@gantry/agent-core/sync';
import type { GatewayResources, KnownDesiredDocuments, Platform, ReportedState } from '@gantry/protocol';
import type { Scheduler } from '../clock/scheduler.js';
import { MqttJsLink } from '@gantry/mqtt-link';
import { seededRandom } from '../random/prng.js';
import type { BehaviourProfile } from '../runtime/profile.js';
import type { SimRegistry } from '../runtime/registry.js';
import { SimRuntime } from '../runtime/sim-runtime.js';
import { MemoryOutbox } from '../store/memory-outbox.js';
import { MemoryStateStore } from '../store/memory-state-store.js';
import { FaultyLink } from './faulty-link.js';
import type { Limiter } from './limiter.js';
import { malformedMessage, type MalformedKind } from './malformed.js';
import type { OutgoingSample } from './outgoing-sample.js';
import { simCommandHandlers } from './sim-commands.js';
import { telemetrySample } from './telemetry.js';

/** A gateway's identity from enrollment. */
export interface EnrolledGateway {
  deviceId: string;
  labels: Record<string, string>;
  brokerUrl: string;
  password: string;
}

/** What every gateway of a fleet shares, and how its agent is tuned. */
export interface SimGatewayContext {
  scheduler: Scheduler;
  registry: SimRegistry;
  /** Bounds connection handshakes across the fleet. */
  connects: Limiter;
  agentVersion: string;
  platform: Platform;
  resources: GatewayResources;
  log: Logger;
  resyncIntervalMs: number;
  recheckMs: number;
  checkIntervalMs: number;
  keepaliveS: number;
  backoff: BackoffOptions;
  connectTimeoutMs: number;
  /** Every gateway of a release gets the same document: a fleet shares one, so it is validated once. */
  knownDesired?: KnownDesiredDocuments;
  /** Which outgoing reports and event batches are checked against the schema; all when absent. */
  outgoingSample?: OutgoingSample;
}

/**
 * One simulated gateway: its "disk" (state store, event outbox) and its container engine
 * outlive the agent process; the agent process (Supervisor + SyncSession over an mqtt.js
 * link) is what `restart` throws away and builds again from that disk.
 */
export class SimGateway {
  readonly runtime: SimRuntime;
  readonly store = new MemoryStateStore();
  readonly outbox: MemoryOutbox;
  readonly link: FaultyLink;
  private readonly watched: WatchedOutbox;
  private readonly clock: Clock;
  private supervisor: Supervisor | undefined;
  private session: SyncSession | undefined;
  private current: CurrentState | undefined;
  private cachedReport: ReportedState | undefined;
  private isReportStale = true;
  private bootId = randomUUID();
  private bootedAtMs: number;
  private skewMs = 0;
  private boots = 0;
  /** Malformed messages this gateway sent, by kind. */
  readonly malformedSent: Partial<Record<MalformedKind, number>> = {};

  constructor(
    readonly identity: EnrolledGateway,
    private readonly context: SimGatewayContext,
    readonly profileName: string,
    profile: BehaviourProfile,
    seed: string,
  ) {
    const { scheduler } = context;
    this.runtime = new SimRuntime({ scheduler, registry: context.registry, profile, seed });
    this.outbox = new MemoryOutbox({ now: () => this.now() });
    this.watched = new WatchedOutbox(this.outbox);
    this.link = new FaultyLink(new MqttJsLink({ urls: [identity.brokerUrl], connectTimeoutMs: context.connectTimeoutMs }), scheduler, context.connects);
    this.clock = { now: () => new Date(this.now()), setTimeout: (callback, delayMs) => scheduler.at(scheduler.now() + delayMs, callback) };
    this.bootedAtMs = scheduler.now();
  }

  get deviceId(): string {
    return this.identity.deviceId;
  }

  /** The gateway's clock: the fleet's, plus any injected skew. */
  now(): number {
    return this.context.scheduler.now() + this.skewMs;
  }

  /** Whether the agent process runs. */
  get isRunning(): boolean {
    return this.session !== undefined;
  }

  /** Agent processes started so far (1 after the first start, +1 per restart). */
  get bootCount(): number {
    return this.boots;
  }

  /** Whether the session holds a connection now. */
  get isConnected(): boolean {
    return this.session?.connection() === 'connected';
  }

  /** Starts the agent process from what is on the gateway's disk. */
  async start(): Promise<void> {
    if (this.session) return;
    const { context } = this;
    this.bootId = randomUUID();
    this.bootedAtMs = this.context.scheduler.now();
    this.boots += 1;
    const holder: { session?: SyncSession } = {};
    const supervisor = await Supervisor.open({
      runtime: this.runtime,
      store: this.store,
      outbox: this.watched,
      limits: () => ({ allocatable: context.resources.allocatable, policy: {} }),
      strategy: 'download-then-kill',
      resyncIntervalMs: context.resyncIntervalMs,
      recheckMs: context.recheckMs,
      log: context.log,
      now: () => new Date(this.now()),
      onReconciled: async (current) => {
        this.current = current;
        this.isReportStale = true;
        holder.session?.reconciled(current);
      },
    });
    const session = new SyncSession({
      identity: { deviceId: this.deviceId, agentVersion: context.agentVersion, bootId: this.bootId, platform: context.platform },
      credentials: { username: this.deviceId, password: this.identity.password },
      link: this.link,
      supervisor,
      outbox: this.watched,
      commands: simCommandHandlers({
        deviceId: this.deviceId,
        agentVersion: context.agentVersion,
        runtime: this.runtime,
        now: () => this.now(),
        bootedAtMs: () => this.bootedAtMs,
      }),
      gateway: () => context.resources,
      log: context.log,
      clock: this.clock,
      random: seededRandom(`${this.deviceId}:backoff:${this.boots}`),
      backoff: context.backoff,
      checkIntervalMs: context.checkIntervalMs,
      keepaliveS: context.keepaliveS,
      knownDesired: context.knownDesired,
      ...(context.outgoingSample === undefined ? {} : { isOutgoingChecked: context.outgoingSample.next }),
    });
    holder.session = session;
    this.supervisor = supervisor;
    this.session = session;
    this.isReportStale = true;
    supervisor.start();
    session.start();
  }

  /** Stops the agent process cleanly: says `offline` and disconnects. */
  async stop(): Promise<void> {
    const { session, supervisor } = this;
    this.session = undefined;
    this.supervisor = undefined;
    await session?.stop();
    await supervisor?.stop();
  }

  /**
   * A crash and restart of the agent process: the connection drops without a goodbye (the
   * broker sends the Will), everything in memory is lost, and a new process with a new
   * boot id starts from the same store and outbox. Containers keep running meanwhile,
   * as they do under Docker.
   */
  async restart(): Promise<void> {
    const wasPartitioned = this.link.partitioned;
    this.link.partition();
    await this.stop();
    if (!wasPartitioned) this.link.heal();
    this.current = undefined;
    await this.start();
  }

  /** Offsets the gateway's clock (envelope timestamps, event times, health deadlines). */
  skewClock(skewMs: number): void {
    this.skewMs = skewMs;
  }

  get clockSkewMs(): number {
    return this.skewMs;
  }

  /** Publishes one broken message on the gateway's own topics; rejects when not connected. */
  async sendMalformed(kind: MalformedKind): Promise<void> {
    const { topic, payload } = malformedMessage(this.deviceId, kind, new Date(this.now()), { agentVersion: this.context.agentVersion, bootId: this.bootId });
    await this.link.publishRaw(topic, payload);
    this.malformedSent[kind] = (this.malformedSent[kind] ?? 0) + 1;
  }

  /** Queues one telemetry sample (sent at once when connected, kept and thinned while not). */
  async sampleTelemetry(intervalMs: number): Promise<void> {
    const session = this.session;
    if (!session) return;
    const current = this.current ?? (await this.runtime.readCurrent());
    const sample = telemetrySample(this.runtime, current, this.now(), this.context.resources.capacity?.memoryBytes ?? this.context.resources.allocatable.memoryBytes);
    session.publishTelemetry({ intervalMs, samples: [sample] });
  }

  /**
   * What the gateway would report now, as the agent's own report builder makes it;
   * rebuilt only after a reconcile, so a summary of 10,000 gateways stays cheap.
   */
  report(): ReportedState | undefined {
    const supervisor = this.supervisor;
    if (!supervisor) return this.cachedReport;
    if (this.isReportStale || !this.cachedReport) {
      this.cachedReport = buildReport({ status: supervisor.status(), current: this.current, gateway: this.context.resources, now: new Date(this.now()), previous: this.cachedReport });
      this.isReportStale = false;
    }
    return this.cachedReport;
  }

  /** The sync session's counters, or undefined while the agent process is down. */
  counters() {
    return this.session?.counters();
  }

  /** Waits until the session has done everything asked of it so far. */
  async idle(): Promise<void> {
    await this.session?.idle();
  }
}
