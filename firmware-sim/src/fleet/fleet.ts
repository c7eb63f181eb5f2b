import type { Logger } from '@gantry/agent-core';
import type { BackoffOptions } from '@gantry/agent-core/sync';
import { KnownDesiredDocuments, type GatewayResources, type Platform } from '@gantry/protocol';
import { RealTimeScheduler } from '../clock/real-scheduler.js';
import type { Cancellable, Scheduler } from '../clock/scheduler.js';
import { SimRegistry, type SimRegistryOptions } from '../runtime/registry.js';
import { ControllerApi } from './controller-api.js';
import { Limiter } from './limiter.js';
import { OutgoingSample } from './outgoing-sample.js';
import type { MalformedKind } from './malformed.js';
import { pickIndices, type NamedProfile } from './profiles.js';
import { SimGateway, type EnrolledGateway, type SimGatewayContext } from './sim-gateway.js';
import { gatewayStatus, summarize, type FleetSummary, type GatewayStatus } from './summary.js';

const MiB = 1024 * 1024;

/** How a fleet reaches the controller and how its gateways are built. */
export interface FleetOptions extends FleetSettings {
  /** The controller's URL (`http://127.0.0.1:8080`, with or without `/api/v1`). */
  controllerUrl: string;
  adminUsername?: string;
  adminPassword: string;
}

/** How a fleet's gateways are built and behave, whoever enrolled them. */
export interface FleetSettings {
  /** Seeds everything drawn: which gateways get which profile and fault, timings, ids. */
  seed?: string;
  /** Shared by every gateway; the wall clock by default. */
  scheduler?: Scheduler;
  /** The simulated registry every gateway pulls from. */
  registry?: SimRegistryOptions;
  agentVersion?: string;
  platform?: Platform;
  resources?: GatewayResources;
  /** Enrollment requests in flight at once. Default 8. */
  enrollConcurrency?: number;
  /** MQTT connection handshakes in flight at once. Default 16: the broker's side is what limits the rate. */
  connectConcurrency?: number;
  /** One telemetry sample per gateway this often; 0 turns telemetry off. Default: 60 s, as on a real agent; 6 ms per gateway past 10,000 gateways. */
  telemetryIntervalMs?: number;
  log?: Logger;
  /** The agent's periodic resync. Default 60 s. */
  resyncIntervalMs?: number;
  /** The session's periodic check. Default 30 s. */
  checkIntervalMs?: number;
  keepaliveS?: number;
  /** Reconnect delays; default 1 s doubling to 30 s. */
  backoff?: BackoffOptions;
  connectTimeoutMs?: number;
  /** Outgoing reports and event batches checked against the schema: the first `first`, then one in `every` (see `OutgoingSample`). Default 1,000 and 100; `every: 1` checks all. */
  outgoingChecks?: { first: number; every: number };
}

/** Which gateways to enroll. */
export interface EnrollOptions {
  count: number;
  /** Device ids are `<prefix>-<n>`, n from `firstIndex` (default 1), zero-padded. Default prefix `sim`. */
  idPrefix?: string;
  firstIndex?: number;
  /** Labels for every gateway, or per gateway. */
  labels?: Record<string, string> | ((index: number, deviceId: string) => Record<string, string>);
  /** The behaviour of each gateway; the default profile where it returns undefined. */
  profile?: (index: number, deviceId: string) => NamedProfile | undefined;
}

/** Which gateways a fault applies to: a share of the fleet (drawn from the seed) or ids. */
export type Selection = { share: number } | { deviceIds: readonly string[] };

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Many simulated gateways in one process, each enrolled through the controller's API and
 * running the agent's own Supervisor and SyncSession over its own mqtt.js connection, all
 * on one scheduler and one simulated registry. Faults are injected per gateway: network
 * partitions, agent restarts, slow uplinks, skewed clocks, malformed messages, profiles.
 */
export class Fleet {
  readonly scheduler: Scheduler;
  private readonly ownsScheduler: boolean;
  private readonly context: SimGatewayContext;
  private readonly byId = new Map<string, SimGateway>();
  private readonly list: SimGateway[] = [];
  private readonly enrolls: Limiter;
  private readonly seed: string;
  private readonly pending = new Set<Cancellable>();
  private telemetryTask: Cancellable | undefined;
  private telemetryTick = 0;
  private picks = 0;

  private constructor(
    private readonly api: ControllerApi | undefined,
    private readonly options: FleetSettings,
  ) {
    this.ownsScheduler = options.scheduler === undefined;
    this.scheduler = options.scheduler ?? new RealTimeScheduler();
    this.seed = options.seed ?? 'gantry-fleet';
    this.enrolls = new Limiter(options.enrollConcurrency ?? 8);
    this.context = {
      scheduler: this.scheduler,
      registry: new SimRegistry({ seed: this.seed, ...options.registry }),
      connects: new Limiter(options.connectConcurrency ?? 16),
      agentVersion: options.agentVersion ?? '0.1.0',
      platform: options.platform ?? { os: 'linux', arch: 'arm64', cgroupVersion: 2, dockerVersion: '24.0.7' },
      resources: options.resources ?? { allocatable: { memoryBytes: 1536 * MiB, nanoCpus: 3_000_000_000 }, capacity: { memoryBytes: 2048 * MiB, nanoCpus: 4_000_000_000 } },
      log: options.log ?? quiet,
      resyncIntervalMs: options.resyncIntervalMs ?? 60_000,
      recheckMs: 1_000,
      checkIntervalMs: options.checkIntervalMs ?? 30_000,
      keepaliveS: options.keepaliveS ?? 60,
      backoff: options.backoff ?? { initialMs: 1_000, maxMs: 30_000, factor: 2 },
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
      knownDesired: new KnownDesiredDocuments(),
      outgoingSample: new OutgoingSample(options.outgoingChecks?.first, options.outgoingChecks?.every),
    };
  }

  /** Logs in to the controller as the admin who mints enrollment tokens. */
  static async connect(options: FleetOptions): Promise<Fleet> {
    const api = await ControllerApi.logIn(options.controllerUrl, options.adminUsername ?? 'admin', options.adminPassword);
    return new Fleet(api, options);
  }

  /**
   * A fleet of gateways enrolled before, whose identities were kept: it has no controller to
   * enroll through, so gateways join it with {@link adopt} (a broker under test, a fleet
   * brought back after the simulator itself restarted).
   */
  static ofEnrolled(settings: FleetSettings): Fleet {
    return new Fleet(undefined, settings);
  }

  /** Every gateway, in enrollment order. */
  get gateways(): readonly SimGateway[] {
    return this.list;
  }

  gateway(deviceId: string): SimGateway {
    const found = this.byId.get(deviceId);
    if (!found) throw new Error(`the fleet has no gateway ${deviceId}`);
    return found;
  }

  /**
   * Enrolls `count` gateways, each with its own one-time token, at most
   * `enrollConcurrency` at once. They are not started; see {@link start}.
   */
  async enroll(options: EnrollOptions): Promise<SimGateway[]> {
    const prefix = options.idPrefix ?? 'sim';
    const first = options.firstIndex ?? 1;
    const width = String(first + options.count - 1).length;
    const { agentVersion, platform, resources } = this.context;
    const { api } = this;
    if (api === undefined) throw new Error('this fleet has no controller to enroll through; adopt gateways enrolled before instead');
    const enrolled = await Promise.all(
      Array.from({ length: options.count }, (_, i) => {
        const index = first + i;
        const deviceId = `${prefix}-${String(index).padStart(width, '0')}`;
        const labels = typeof options.labels === 'function' ? options.labels(index, deviceId) : (options.labels ?? {});
        return this.enrolls.run(async () => {
          const token = await api.createEnrollmentToken(labels);
          const answer = await api.enroll({ token, deviceId, labels, agentVersion, platform, allocatable: resources.allocatable });
          const brokerUrl = answer.mqtt.urls.find((url) => url.startsWith('mqtt://')) ?? answer.mqtt.urls[0];
          if (brokerUrl === undefined) throw new Error(`the controller gave ${deviceId} no broker URL`);
          return this.build({ deviceId: answer.deviceId, labels: answer.labels, brokerUrl, password: answer.mqtt.password }, options.profile?.(index, deviceId));
        });
      }),
    );
    return this.add(enrolled);
  }

  /** Adds gateways enrolled before, by their identities; not started. A gateway the fleet holds already is refused. */
  adopt(identities: readonly EnrolledGateway[], profile?: (deviceId: string) => NamedProfile | undefined): SimGateway[] {
    const ids = new Set(this.byId.keys());
    for (const { deviceId } of identities) {
      if (ids.has(deviceId)) throw new Error(`the fleet would hold gateway ${deviceId} twice`);
      ids.add(deviceId);
    }
    return this.add(identities.map((identity) => this.build(identity, profile?.(identity.deviceId))));
  }

  private build(identity: EnrolledGateway, named: NamedProfile = { name: 'default', profile: {} }): SimGateway {
    return new SimGateway(identity, this.context, named.name, named.profile, `${this.seed}:${identity.deviceId}`);
  }

  // In the order given, so index order for enrollments: shares of the fleet are drawn by position.
  private add(gateways: SimGateway[]): SimGateway[] {
    for (const gateway of gateways) {
      this.byId.set(gateway.deviceId, gateway);
      this.list.push(gateway);
    }
    return gateways;
  }

  /** Starts every gateway not running yet (connections go through the connect limiter) and the telemetry ticker. */
  async start(): Promise<void> {
    for (const gateway of this.list) await gateway.start();
    this.startTelemetry();
  }

  /** Stops every gateway cleanly (each says offline) and every pending fault task. */
  async stop(): Promise<void> {
    this.telemetryTask?.cancel();
    this.telemetryTask = undefined;
    for (const task of this.pending) task.cancel();
    this.pending.clear();
    await Promise.all(this.list.map((gateway) => gateway.stop()));
    if (this.ownsScheduler && this.scheduler instanceof RealTimeScheduler) this.scheduler.close();
  }

  /** Counts over the whole fleet now. */
  summary(): FleetSummary {
    return summarize(this.list, this.scheduler.now());
  }

  /** Each gateway's standing now. */
  statuses(): GatewayStatus[] {
    return this.list.map(gatewayStatus);
  }

  /**
   * The gateways a selection names: a share is drawn from the fleet's seed (and how many
   * draws came before), so the same run picks the same gateways.
   */
  select(selection: Selection): SimGateway[] {
    if ('deviceIds' in selection) return selection.deviceIds.map((id) => this.gateway(id));
    if (!(selection.share >= 0 && selection.share <= 1)) throw new Error(`a share must be between 0 and 1, not ${selection.share}`);
    const picked = pickIndices(0, this.list.length, selection.share, `${this.seed}:pick:${++this.picks}`);
    return this.list.filter((_, i) => picked.has(i));
  }

  /**
   * Cuts the network of the selected gateways: their connections drop without a goodbye,
   * reconnects fail, events wait in their outboxes. Healed after `forMs` if given.
   */
  partition(selection: Selection, forMs?: number): string[] {
    const chosen = this.select(selection);
    for (const gateway of chosen) gateway.link.partition();
    if (forMs !== undefined) this.later(forMs, () => this.heal(chosen.map((g) => g.deviceId)));
    return chosen.map((g) => g.deviceId);
  }

  /** Ends the partition of these gateways (all, by default); they reconnect on their own backoff. */
  heal(deviceIds?: readonly string[]): void {
    for (const gateway of deviceIds ? deviceIds.map((id) => this.gateway(id)) : this.list) gateway.link.heal();
  }

  /** Crashes and restarts the agent process of the selected gateways (disk state kept). */
  async restart(selection: Selection): Promise<string[]> {
    const chosen = this.select(selection);
    await Promise.all(chosen.map((gateway) => gateway.restart()));
    return chosen.map((g) => g.deviceId);
  }

  /** Delays every publish of the selected gateways by `delayMs` (0 restores them). */
  slowLinks(selection: Selection, delayMs: number): string[] {
    const chosen = this.select(selection);
    for (const gateway of chosen) gateway.link.slowDown(delayMs);
    return chosen.map((g) => g.deviceId);
  }

  /** Offsets the clocks of the selected gateways by `skewMs` (0 restores them). */
  skewClocks(selection: Selection, skewMs: number): string[] {
    const chosen = this.select(selection);
    for (const gateway of chosen) gateway.skewClock(skewMs);
    return chosen.map((g) => g.deviceId);
  }

  /** Has each selected, connected gateway send one malformed message; returns who sent one. */
  async sendMalformed(selection: Selection, kind: MalformedKind): Promise<string[]> {
    const chosen = this.select(selection).filter((gateway) => gateway.isConnected);
    const sent = await Promise.allSettled(chosen.map((gateway) => gateway.sendMalformed(kind)));
    return chosen.filter((_, i) => sent[i]?.status === 'fulfilled').map((g) => g.deviceId);
  }

  /** Changes how the selected gateways' engines behave from now on. */
  setProfile(selection: Selection, named: NamedProfile): string[] {
    const chosen = this.select(selection);
    for (const gateway of chosen) gateway.runtime.setProfile(named.profile);
    return chosen.map((g) => g.deviceId);
  }

  /** Runs `task` after `ms` on the fleet's scheduler; cancelled by `stop`. */
  later(ms: number, task: () => void): void {
    const scheduled: Cancellable = this.scheduler.at(this.scheduler.now() + ms, () => {
      this.pending.delete(scheduled);
      task();
    });
    this.pending.add(scheduled);
  }

  // One scheduler task per second samples one slice of the fleet, so each gateway sends
  // one sample per interval and 10,000 gateways cost no timer of their own.
  private startTelemetry(): void {
    if (this.telemetryTask) return;
    const intervalMs = this.options.telemetryIntervalMs ?? Math.max(60_000, this.list.length * 6);
    if (intervalMs <= 0) return;
    const tickMs = Math.min(1_000, intervalMs);
    const slices = Math.max(1, Math.round(intervalMs / tickMs));
    const tick = () => {
      const slice = this.telemetryTick++ % slices;
      for (let i = slice; i < this.list.length; i += slices) {
        const gateway = this.list[i];
        gateway?.sampleTelemetry(intervalMs).catch((error: unknown) => this.context.log.warn(`telemetry of ${gateway.deviceId}: ${String(error)}`));
      }
      this.telemetryTask = this.scheduler.at(this.scheduler.now() + tickMs, tick);
    };
    this.telemetryTask = this.scheduler.at(this.scheduler.now() + tickMs, tick);
  }
}
