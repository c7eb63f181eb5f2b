import {
  MAX_EVENTS_PER_BATCH,
  agentSubscriptions,
  buildTopic,
  createMessage,
  encode,
  parseTopic,
  type CommandResult,
  type ReportedState,
  type Status,
  type TelemetryBatch,
} from '@gantry/protocol';
import type { CurrentState } from '../state/current.js';
import { DEFAULT_BACKOFF, backoffDelayMs } from './backoff.js';
import { systemClock, type Clock, type ClockTimer } from './clock.js';
import { CommandInbox } from './command-inbox.js';
import { encodeCommandResult, type CommandContext } from './command-runner.js';
import { emptyCounters, type SyncCounters } from './counters.js';
import { DesiredInbox } from './desired-inbox.js';
import { storedCloudTarget } from './desired-target.js';
import { encodeEventBatch } from './event-batch.js';
import { Linger } from './linger.js';
import { buildReport } from './report.js';
import { SerialTask } from './serial-task.js';
import type { SyncSessionOptions } from './sync-options.js';
import { TelemetryBuffer } from './telemetry-buffer.js';

/** Where the session's connection is. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopped';

// Command answers kept for a reconnect; beyond that the cloud's own timeout tells the story.
const MAX_PENDING_RESULTS = 64;

const DEFAULT_EVENT_LINGER_MS = 250;
const DEFAULT_REPORT_LINGER_MS = 250;
const DEFAULT_REPORT_HOLD_MS = 2_000;

/**
 * The gateway's side of the cloud protocol (DESIGN.md §3): keeps one MQTT connection up
 * with backoff and jitter, stores each newer desired state through the supervisor before
 * acking it, reports the complete current state whenever it changes (coalesced: only the
 * newest report is ever sent), drains the event outbox in order and removes events only
 * once the broker acknowledged them, and answers commands. It holds no socket and no
 * file: the link and the outbox are ports, so the agent and the simulator run this code.
 */
export class SyncSession {
  private readonly clock: Clock;
  private readonly deviceId: string;
  private readonly counts = emptyCounters();
  private readonly telemetry: TelemetryBuffer;
  private readonly reports: SerialTask;
  private readonly events: SerialTask;
  private readonly outgoing: SerialTask;
  private state: ConnectionState = 'idle';
  private epoch = 0;
  private attempt = 0;
  private connectedAt = 0;
  private retryTimer: ClockTimer | undefined;
  private checkTimer: ClockTimer | undefined;
  private readonly eventLinger: Linger;
  private readonly reportLinger: Linger;
  private heldReport: AbortController | undefined;
  private isAckDue = false;
  private unwatch: (() => void) | undefined;
  private current: CurrentState | undefined;
  private lastBuilt: ReportedState | undefined;
  private lastSentKey: string | undefined;
  private isReportForced = true;
  private readonly desired: DesiredInbox;
  private readonly commands: CommandInbox;
  private readonly pendingResults: { topic: string; json: string }[] = [];

  constructor(private readonly options: SyncSessionOptions) {
    this.clock = options.clock ?? systemClock;
    this.deviceId = options.identity.deviceId;
    this.telemetry = new TelemetryBuffer(options.telemetryCapacity);
    const warn = (what: string) => (error: unknown) => {
      if (this.isConnected()) options.log.warn(`cannot send ${what} to the cloud: ${describe(error)}`);
    };
    this.reports = new SerialTask(() => this.sendReport(), warn('the report'));
    this.events = new SerialTask(() => this.sendEvents(), warn('events'));
    this.outgoing = new SerialTask(() => this.sendOutgoing(), warn('telemetry or command results'));
    this.eventLinger = new Linger(this.clock, options.eventLingerMs ?? DEFAULT_EVENT_LINGER_MS, () => this.events.request());
    this.reportLinger = new Linger(this.clock, options.reportLingerMs ?? DEFAULT_REPORT_LINGER_MS, () => this.reportWhenSettled());
    this.desired = new DesiredInbox({
      supervisor: options.supervisor,
      counters: this.counts,
      log: options.log,
      defaultHealthyWithinMs: options.defaultHealthyWithinMs ?? 120_000,
      onSettings: options.onSettings,
      knownDesired: options.knownDesired,
      answer: () => {
        this.isAckDue = true;
        this.requestReport();
      },
    });
    this.commands = new CommandInbox({
      context: this.commandContext(),
      maxConcurrent: options.maxConcurrentCommands ?? 4,
      counters: this.counts,
      answer: (requestId, result) => this.answer(requestId, result),
    });
    this.statusJson('online'); // fails fast on an identity the protocol would refuse
  }

  /** Connects and keeps the connection up until `stop`. */
  start(): void {
    if (this.state !== 'idle') return;
    this.unwatch = this.options.outbox.watch(() => this.eventLinger.request());
    this.scheduleCheck();
    void this.connect();
  }

  /** Sends a report or events still lingering, says `offline` (shutdown) if connected, and closes the connection. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasConnected = this.isConnected();
    if (wasConnected && (this.reportLinger.isPending || this.heldReport !== undefined || this.eventLinger.isPending)) await this.sendLingering();
    this.state = 'stopped';
    this.epoch += 1;
    this.retryTimer?.cancel();
    this.checkTimer?.cancel();
    this.unwatch?.();
    await this.desired.close();
    // Closed after the inbox: finishing the desired state in hand asks for a report no one would send now.
    this.eventLinger.close();
    this.reportLinger.close();
    this.heldReport?.abort();
    if (wasConnected) {
      const goodbye = this.options.link.publish(this.topic('status'), this.statusJson('offline', 'shutdown'), { qos: 1, retain: true });
      await withTimeout(goodbye, 2_000, this.clock).catch((error: unknown) => this.options.log.warn(`cannot say goodbye to the cloud: ${describe(error)}`));
    }
    await this.options.link.end().catch((error: unknown) => this.options.log.warn(`cannot close the cloud connection: ${describe(error)}`));
  }

  /** Where the connection is now. */
  connection(): ConnectionState {
    return this.state;
  }

  /** What the session has done so far. */
  counters(): SyncCounters {
    return { ...this.counts, desiredInvalid: { ...this.counts.desiredInvalid }, telemetryThinned: this.telemetry.thinned };
  }

  /** Tells the session the gateway was read after a reconcile (wire it to the supervisor's `onReconciled`). */
  reconciled(current: CurrentState): void {
    this.current = current;
    this.reportLinger.request();
  }

  /** Asks for a report if anything changed (e.g. caps verification found drift). */
  stateChanged(): void {
    this.reportLinger.request();
  }

  /** Queues telemetry: sent at once (QoS 0) when connected, kept and thinned while not. */
  publishTelemetry(batch: TelemetryBatch): void {
    this.telemetry.add(batch);
    this.outgoing.request();
  }

  /**
   * Resolves once everything asked of the session so far has been done or given up (tests,
   * shutdown); a report or events still lingering or held (see `reportLingerMs`,
   * `reportHoldMs`) are not waited for.
   */
  async idle(): Promise<void> {
    await this.desired.idle();
    await Promise.all([this.reports.idle(), this.events.idle(), this.outgoing.idle()]);
  }

  private async connect(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    const epoch = ++this.epoch;
    const { link, credentials, keepaliveS = 30 } = this.options;
    const will = { topic: this.topic('status'), payload: this.statusJson('offline', 'connection-lost'), qos: 1 as const, retain: true };
    try {
      await link.connect(
        { clientId: this.deviceId, username: credentials.username, password: credentials.password, will, keepaliveS },
        {
          onMessage: (topic, payload) => {
            if (epoch === this.epoch) this.onMessage(topic, payload);
          },
          onConnectionLost: (error) => {
            if (epoch === this.epoch) this.onConnectionLost(error);
          },
        },
      );
      if (epoch !== this.epoch) {
        if (this.isStopped()) await link.end();
        return;
      }
      this.state = 'connected';
      this.connectedAt = this.clock.now().getTime();
      this.counts.connects += 1;
      await link.publish(this.topic('status'), this.statusJson('online'), { qos: 1, retain: true });
      await link.subscribe(agentSubscriptions(this.deviceId));
    } catch (error) {
      if (epoch !== this.epoch) return;
      if (this.state === 'connecting') this.counts.connectFailures += 1;
      this.options.log.warn(`cannot connect to the cloud: ${describe(error)}`);
      this.epoch += 1;
      await link.end().catch(() => undefined);
      this.retryLater();
      return;
    }
    if (epoch !== this.epoch) return;
    this.options.log.info(`connected to the cloud as ${this.deviceId}`);
    this.isReportForced = true;
    this.reports.request();
    this.events.request();
    this.outgoing.request();
  }

  private onConnectionLost(error: Error | undefined): void {
    this.epoch += 1;
    this.counts.connectionsLost += 1;
    if (this.clock.now().getTime() - this.connectedAt >= (this.options.stableAfterMs ?? 30_000)) this.attempt = 0;
    this.options.log.warn(`lost the cloud connection${error ? `: ${error.message}` : ''}; reconnecting`);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.state === 'stopped') return;
    this.state = 'waiting';
    const delayMs = backoffDelayMs(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    this.attempt += 1;
    this.retryTimer?.cancel();
    this.retryTimer = this.clock.setTimeout(() => void this.connect(), delayMs);
  }

  private scheduleCheck(): void {
    this.checkTimer = this.clock.setTimeout(() => {
      if (this.state === 'stopped') return;
      this.reports.request();
      this.events.request();
      this.outgoing.request();
      this.scheduleCheck();
    }, this.options.checkIntervalMs ?? 30_000);
  }

  private onMessage(topic: string, payload: Uint8Array | string): void {
    const address = parseTopic(topic);
    if (!address.ok || address.value.deviceId !== this.deviceId) {
      this.counts.messagesIgnored += 1;
      return;
    }
    if (address.value.kind === 'desired') this.desired.receive(topic, payload);
    else if (address.value.kind === 'cmd') void this.commands.receive(address.value.requestId, topic, payload);
    else this.counts.messagesIgnored += 1;
  }

  private commandContext(): CommandContext {
    const { supervisor, outbox, commands } = this.options;
    return {
      handlers: commands,
      clock: this.clock,
      resync: async () => {
        supervisor.trigger();
        await supervisor.idle();
        this.requestReport();
        const status = supervisor.status();
        return { ackedVersion: storedCloudTarget(status.state.target)?.version ?? 0, stepsPlanned: status.lastReconcile?.outcome?.steps ?? 0 };
      },
      outboxCounts: async () => ({
        reported: this.isReportForced || this.lastSentKey === undefined ? 1 : 0,
        events: (await outbox.peek(Number.MAX_SAFE_INTEGER)).length,
        telemetry: this.telemetry.size,
      }),
    };
  }

  private answer(requestId: string, result: CommandResult): void {
    let json: string;
    try {
      json = encodeCommandResult(result, { deviceId: this.deviceId, parentId: requestId, now: this.clock.now() });
    } catch (error) {
      this.options.log.error(`cannot answer command ${requestId}: ${describe(error)}`);
      return;
    }
    this.pendingResults.push({ topic: buildTopic({ kind: 'cmd-res', deviceId: this.deviceId, requestId }), json });
    if (this.pendingResults.length > MAX_PENDING_RESULTS) this.pendingResults.shift();
    this.outgoing.request();
  }

  /** Sends what lingers now, giving it as long as a goodbye. */
  private async sendLingering(): Promise<void> {
    this.reportLinger.cancel();
    this.heldReport?.abort();
    this.eventLinger.cancel();
    this.reports.request();
    this.events.request();
    const sent = Promise.all([this.reports.idle(), this.events.idle()]);
    await withTimeout(sent, 2_000, this.clock).catch((error: unknown) => this.options.log.warn(`cannot send the last report and events: ${describe(error)}`));
  }

  /**
   * Sends the report; one that acks a desired state waits first for the reconcile it started
   * to end, at most `reportHoldMs`, so the ack and its outcome go as one report. A report
   * asked for meanwhile joins the held one, which reads the state when it is sent.
   */
  private reportWhenSettled(): void {
    if (this.heldReport !== undefined) return;
    const holdMs = this.options.reportHoldMs ?? DEFAULT_REPORT_HOLD_MS;
    if (!this.isAckDue || holdMs <= 0) {
      this.reports.request();
      return;
    }
    const hold = new AbortController();
    this.heldReport = hold;
    const timer = this.clock.setTimeout(() => hold.abort(), holdMs);
    void this.options.supervisor.idle(hold.signal).finally(() => {
      timer.cancel();
      this.heldReport = undefined;
      if (this.state !== 'stopped') this.reports.request();
    });
  }

  private requestReport(): void {
    this.isReportForced = true;
    this.reportLinger.request();
  }

  private async sendReport(): Promise<void> {
    if (!this.isConnected()) return;
    const body = buildReport({
      status: this.options.supervisor.status(),
      current: this.current,
      gateway: this.options.gateway(),
      refused: this.desired.refused,
      capsStatus: this.options.capsStatus,
      now: this.clock.now(),
      previous: this.lastBuilt,
    });
    this.lastBuilt = body;
    const key = JSON.stringify(body);
    this.isAckDue = false;
    if (!this.isReportForced && key === this.lastSentKey) return;
    this.isReportForced = false;
    const parentId = this.desired.parentIdFor(body.ackedVersion);
    const message = createMessage('reported', body, { deviceId: this.deviceId, now: this.clock.now(), ...(parentId ? { parentId } : {}) });
    const encoded = encode('reported', message, { isChecked: this.isOutgoingChecked() });
    if (!encoded.ok) {
      this.options.log.error(`cannot build a report for the cloud: ${encoded.error.message}`);
      return;
    }
    // Events lingering go now too: what is published in one turn leaves in one write (mqtt.js
    // corks the socket for a turn), so the cloud gets a change's report and its events from
    // one TCP segment rather than two, and each side makes one system call instead of two.
    if (this.eventLinger.isPending) {
      this.eventLinger.cancel();
      this.events.request();
    }
    try {
      await this.options.link.publish(this.topic('reported'), encoded.value, { qos: 1, retain: false });
    } catch (error) {
      this.isReportForced = true;
      throw error;
    }
    this.lastSentKey = key;
    this.counts.reportsSent += 1;
  }

  private async sendEvents(): Promise<void> {
    const { outbox, link, log } = this.options;
    while (this.isConnected()) {
      const batch = encodeEventBatch(await outbox.peek(MAX_EVENTS_PER_BATCH), { deviceId: this.deviceId, now: this.clock.now() }, { isChecked: this.isOutgoingChecked() });
      if (!batch) return;
      if (!batch.ok) {
        // Unreachable for events the outbox validated; say so loudly rather than block the queue forever.
        this.counts.eventsUnsendable += 1;
        log.error(`event ${batch.seq} cannot be sent (${batch.reason}); removing it from the outbox`);
        await outbox.ack(batch.seq);
        continue;
      }
      await link.publish(this.topic('events'), batch.json, { qos: 1, retain: false });
      // Removed only now that the broker has it; a lost PUBACK means the batch goes again.
      await outbox.ack(batch.lastSeq);
      this.counts.eventsSent += batch.count;
      this.counts.eventBatchesSent += 1;
    }
  }

  private async sendOutgoing(): Promise<void> {
    const { link } = this.options;
    for (let next = this.pendingResults[0]; next && this.isConnected(); next = this.pendingResults[0]) {
      await link.publish(next.topic, next.json, { qos: 1, retain: false });
      this.pendingResults.shift();
    }
    if (!this.isConnected()) return;
    const batches = this.telemetry.takeBatches();
    for (const [index, batch] of batches.entries()) {
      try {
        for (const json of this.encodeTelemetry(batch)) await link.publish(this.topic('telemetry'), json, { qos: 0, retain: false });
      } catch (error) {
        this.telemetry.putBack(batches.slice(index));
        throw error;
      }
      this.counts.telemetrySamplesSent += batch.samples.length;
    }
  }

  // A batch over the payload limit goes as two halves.
  private encodeTelemetry(batch: TelemetryBatch): string[] {
    const encoded = encode('telemetry', createMessage('telemetry', batch, { deviceId: this.deviceId, now: this.clock.now() }));
    if (encoded.ok) return [encoded.value];
    if (encoded.error.code !== 'too-large' || batch.samples.length < 2) {
      this.options.log.warn(`dropped telemetry the protocol refuses: ${encoded.error.message}`);
      return [];
    }
    const half = Math.ceil(batch.samples.length / 2);
    return [...this.encodeTelemetry({ ...batch, samples: batch.samples.slice(0, half) }), ...this.encodeTelemetry({ ...batch, samples: batch.samples.slice(half) })];
  }

  private statusJson(state: Status['state'], reason?: Status['reason']): string {
    const { agentVersion, bootId, platform } = this.options.identity;
    const body: Status = { state, agentVersion, bootId, ...(reason ? { reason } : {}), ...(platform ? { platform } : {}) };
    const encoded = encode('status', createMessage('status', body, { deviceId: this.deviceId, now: this.clock.now() }));
    if (!encoded.ok) throw new Error(`the gateway's identity does not fit the protocol: ${encoded.error.message}`);
    return encoded.value;
  }

  private isOutgoingChecked(): boolean {
    return this.options.isOutgoingChecked?.() ?? true;
  }

  private topic(kind: 'status' | 'reported' | 'events' | 'telemetry'): string {
    return buildTopic({ kind, deviceId: this.deviceId });
  }

  // A method, not an inline comparison: the state changes across awaits.
  private isStopped(): boolean {
    return this.state === 'stopped';
  }

  private isConnected(): boolean {
    return this.state === 'connected';
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, clock: Clock): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    void promise.then(resolve, reject).finally(() => timer.cancel());
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
