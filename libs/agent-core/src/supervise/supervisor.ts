import { admitTarget, type GatewayLimits } from '../admit/admission.js';
import type { UpdateStrategy } from '../plan/planner.js';
import type { Step } from '../plan/steps.js';
import { reconcile, type ReconcileOutcome, type StepFailure } from '../reconcile/reconcile.js';
import { retryAfterFailure } from '../reconcile/retry-after-failure.js';
import { blockingFailure } from '../release/blocking-failure.js';
import { effectiveTarget } from '../release/effective-target.js';
import { releaseHealth, type ReleaseHealth } from '../release/health.js';
import type { ContainerRuntime, PullProgress, RuntimeEvent } from '../runtime/runtime.js';
import type { CurrentState } from '../state/current.js';
import type { TargetApp, TargetState } from '../state/target.js';
import type { AgentState } from '../store/agent-state.js';
import type { NewEvent, Outbox, StateStore } from '../store/ports.js';
import { runtimeEventLog, stepEvent } from './journal.js';
import { isoTimestamp } from '@gantry/protocol/timestamp';

/** Where the supervisor writes what it does, for a person reading the daemon's log. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What the supervisor is built from. */
export interface SupervisorOptions {
  runtime: ContainerRuntime;
  store: StateStore;
  outbox: Outbox;
  /** Allocatable resources and policy now (they can change with the cloud's settings). */
  limits: () => GatewayLimits;
  strategy: UpdateStrategy;
  /** Periodic resync that catches drift the event stream missed. */
  resyncIntervalMs: number;
  /** How soon to look again at a release still becoming healthy or a service still waiting. */
  recheckMs?: number;
  log: Logger;
  now?: () => Date;
  onPullProgress?: (progress: PullProgress) => void;
  /** Each step as it starts, for progress displays. */
  onStep?: (step: Step) => void;
  /** After each reconcile and health judgement, with the gateway as last read (caps verification hooks in here). */
  onReconciled?: (current: CurrentState) => Promise<void>;
  /** How failures are retried: attempts per step (4), and the delay between failed reconciles (1 s, doubling up to 60 s). */
  retry?: { stepAttempts?: number; minDelayMs?: number; maxDelayMs?: number };
}

/** A target as it arrives, from the cloud or from `apply -f`. */
export interface TargetInput {
  source: 'cloud' | 'local';
  version: number;
  hash: string;
  apps: Record<string, TargetApp>;
}

/** What became of a target handed to the supervisor. */
export type SetTargetResult = { status: 'accepted' | 'unchanged' } | { status: 'refused'; reasons: string[] };

/** What the supervisor knows now, for `status` and reports. */
export interface SupervisorStatus {
  state: AgentState;
  target: TargetState;
  health: Record<string, ReleaseHealth>;
  lastReconcile: { at: string; outcome?: ReconcileOutcome; error?: string } | null;
}

/**
 * The agent's loop (DESIGN.md §2): stores each target before acting on it, runs one
 * reconcile at a time (a new target cancels the one in flight), reconciles again on
 * Docker events and on a periodic resync, and judges each release's health, rolling
 * back to the last good release by itself when one fails.
 */
export class Supervisor {
  private readonly stopping = new AbortController();
  /** The reconcile under way: set from the start of an attempt until its Docker calls are done. */
  private inFlight: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private pending = false;
  private recheck: ReturnType<typeof setTimeout> | undefined;
  private resync: ReturnType<typeof setInterval> | undefined;
  private watching: Promise<void> | undefined;
  private current: CurrentState | undefined;
  private health: Record<string, ReleaseHealth> = {};
  private lastReconcile: SupervisorStatus['lastReconcile'] = null;
  private idleWaiters: (() => void)[] = [];
  /** Runtime events that ask for a reconcile, and how many had come when the gateway was last read. */
  private runtimeEvents = 0;
  private runtimeEventsAtRead = 0;
  /** Containers the agent is stopping or removing: their death is a stop, not a crash. */
  private readonly stoppedByAgent = new Set<string>();

  private constructor(
    private readonly options: SupervisorOptions,
    private state: AgentState,
  ) {}

  /** Loads the stored state; call `start()` to begin reconciling. */
  static async open(options: SupervisorOptions): Promise<Supervisor> {
    return new Supervisor(options, await options.store.load());
  }

  /** Starts watching the runtime, the periodic resync, and a first reconcile towards the stored target. */
  start(): void {
    this.watching = this.watchRuntime();
    this.resync = setInterval(() => this.trigger(), this.options.resyncIntervalMs);
    this.trigger();
  }

  /** Stops everything and waits for the reconcile in flight to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.inFlight?.abort();
    clearInterval(this.resync);
    clearTimeout(this.recheck);
    await Promise.allSettled([this.loop, this.watching]);
  }

  /** A snapshot for `status`. */
  status(): SupervisorStatus {
    return { state: this.state, target: effectiveTarget(this.state), health: { ...this.health }, lastReconcile: this.lastReconcile };
  }

  /**
   * Resolves once no reconcile runs or is pending (tests and `apply` wait on it), or when
   * `signal` aborts, whichever comes first; an aborted wait leaves nothing behind.
   */
  async idle(signal?: AbortSignal): Promise<void> {
    if ((!this.loop && !this.pending) || signal?.aborted === true) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done);
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
        resolve();
      };
      this.idleWaiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Takes a new target: refused whole if it does not fit the gateway (the previous one
   * keeps running), else stored durably first and then reconciled towards.
   */
  async setTarget(input: TargetInput): Promise<SetTargetResult> {
    const previous = this.state.target;
    if (previous && previous.hash === input.hash && previous.source === input.source && previous.version === input.version) {
      return { status: 'unchanged' };
    }
    const admission = admitTarget({ apps: input.apps }, this.options.limits());
    if (!admission.ok) {
      await this.record([
        {
          type: 'target.refused',
          detail: {
            version: input.version,
            hash: input.hash,
            reasons: admission.reasons.slice(0, 64).map((message) => ({ code: 'refused', message })),
          },
        },
      ]);
      this.options.log.warn(`target ${input.version} refused: ${admission.reasons.join('; ')}`);
      return { status: 'refused', reasons: admission.reasons };
    }
    const now = isoTimestamp(this.now());
    const applying = { ...this.state.applying };
    const rolledBack = { ...this.state.rolledBack };
    for (const [appId, app] of Object.entries(input.apps)) {
      if (previous?.apps[appId]?.releaseId !== app.releaseId) applying[appId] = { releaseId: app.releaseId, since: now };
      if (rolledBack[appId] && rolledBack[appId].releaseId !== app.releaseId) delete rolledBack[appId];
    }
    for (const appId of Object.keys(applying)) if (!(appId in input.apps)) delete applying[appId];
    for (const appId of Object.keys(rolledBack)) if (!(appId in input.apps)) delete rolledBack[appId];
    const target = { source: input.source, version: input.version, hash: input.hash, receivedAt: now, apps: input.apps };
    await this.save({ ...this.state, target, applying, rolledBack });
    this.forgetVerdicts((appId) => previous?.apps[appId]?.releaseId !== input.apps[appId]?.releaseId);
    this.options.log.info(`target ${input.version} (${input.source}) stored: ${Object.keys(input.apps).length} app(s)`);
    this.inFlight?.abort();
    this.trigger();
    return { status: 'accepted' };
  }

  /** Rolls apps (all, or one) back to their last good release, as if their current release had failed. */
  async rollback(appId?: string, reason = 'rolled back by hand'): Promise<string[]> {
    const target = effectiveTarget(this.state);
    const rolled: string[] = [];
    const next = { ...this.state, rolledBack: { ...this.state.rolledBack }, applying: { ...this.state.applying } };
    for (const [id, app] of Object.entries(target.apps)) {
      const good = this.state.lastGood[id];
      if ((appId && id !== appId) || !good || good.releaseId === app.releaseId) continue;
      next.rolledBack[id] = { releaseId: app.releaseId, toReleaseId: good.releaseId, reason, at: isoTimestamp(this.now()) };
      next.applying[id] = { releaseId: good.releaseId, since: isoTimestamp(this.now()) };
      rolled.push(id);
    }
    if (rolled.length === 0) return rolled;
    await this.save(next);
    this.forgetVerdicts((appId) => rolled.includes(appId));
    await this.record(rolled.map((id) => this.rolledBackEvent(id)));
    this.inFlight?.abort();
    this.trigger();
    return rolled;
  }

  /** Asks for a reconcile; several asks while one runs make one more, not many. */
  trigger(): void {
    if (this.stopping.signal.aborted) return;
    this.pending = true;
    this.loop ??= this.run().finally(() => {
      this.loop = undefined;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async run(): Promise<void> {
    while (this.pending && !this.stopping.signal.aborted) {
      this.pending = false;
      // `stop` aborts this one too, so the reconcile needs no signal combined from two.
      const attempt = new AbortController();
      this.inFlight = attempt;
      const signal = attempt.signal;
      let inFlight: Promise<void> = Promise.resolve();
      await retryAfterFailure(() => (inFlight = this.reconcileAndJudge(signal)), {
        forever: true,
        factor: 2,
        minTimeout: this.options.retry?.minDelayMs ?? 1_000,
        maxTimeout: this.options.retry?.maxDelayMs ?? 60_000,
        randomize: true,
        signal,
        onFailedAttempt: (error) => {
          this.lastReconcile = { at: isoTimestamp(this.now()), error: error.message };
          this.options.log.warn(`reconcile failed (attempt ${error.attemptNumber}): ${error.message}`);
        },
      }).catch((error: unknown) => {
        if (!signal.aborted) this.options.log.error(`reconcile stopped: ${String(error)}`);
      });
      // pRetry gives up as soon as the signal aborts, while the reconcile under way still
      // finishes its Docker calls: the next one must start after them, or it reads a gateway
      // without the network being made and makes a second one of the same name.
      await inFlight.catch(() => undefined);
      // The engine's events about the reconcile's own steps came before its last read of the
      // gateway, which saw what they say: only a later one needs another look.
      if (this.runtimeEvents > this.runtimeEventsAtRead) this.pending = true;
      // A new target aborts only a reconcile still running: aborting a finished one does
      // nothing but build an AbortError with its stack trace.
      if (this.inFlight === attempt) this.inFlight = undefined;
    }
  }

  private async reconcileAndJudge(signal: AbortSignal): Promise<void> {
    const target = effectiveTarget(this.state);
    const events: NewEvent[] = [];
    const failures: StepFailure[] = [];
    let outcome: ReconcileOutcome;
    try {
      outcome = await reconcile(this.options.runtime, target, {
        strategy: this.options.strategy,
        signal,
        onRead: () => this.markRead(),
        ...(this.options.retry?.stepAttempts !== undefined ? { stepAttempts: this.options.retry.stepAttempts } : {}),
        onPullProgress: this.options.onPullProgress,
        onStep: (step) => {
          this.options.log.info(`${step.action} ${step.appId}${'service' in step ? `/${step.service}` : ''}: ${step.reason}`);
          if (step.action === 'stop' || step.action === 'remove') this.stoppedByAgent.add(step.containerId);
          if (step.action === 'start') this.stoppedByAgent.delete(step.containerId);
          this.options.onStep?.(step);
        },
        onStepDone: (step, containerId) => {
          const event = stepEvent(step, containerId);
          if (event) events.push(event);
        },
        onStepRetry: (step, error, attempt) => this.options.log.warn(`${step.action} ${step.appId} failed (attempt ${attempt}): ${error.message}`),
        onStepFailed: (failure) => failures.push(failure),
      });
    } catch (error) {
      await this.record(events);
      if (signal.aborted || failures.length === 0) throw error;
      await this.judgeFailedReconcile(target, failures, error);
      return;
    }
    await this.record(events);
    this.lastReconcile = { at: isoTimestamp(this.now()), outcome };
    const { isProgressing } = await this.judge(target, outcome.current);
    if (this.current) await this.options.onReconciled?.(this.current);
    if (isProgressing || outcome.waiting.length > 0) this.recheckSoon();
  }

  /**
   * A reconcile whose steps failed (a pull of an image the registry lacks, say) is judged
   * like any other, the failure being what its release waits for: one that fails its
   * deadline is rolled back, and the loop goes on at once towards the last good release.
   * Otherwise the error is thrown again, to be retried with backoff.
   */
  private async judgeFailedReconcile(target: TargetState, failures: readonly StepFailure[], error: unknown): Promise<void> {
    this.markRead();
    const current = await this.options.runtime.readCurrent().catch(() => {
      throw error;
    });
    const { rolledBack } = await this.judge(target, current, failures);
    if (rolledBack.length === 0) throw error;
    this.lastReconcile = { at: isoTimestamp(this.now()), error: error instanceof Error ? error.message : String(error) };
  }

  /**
   * Judges each app's release: marks it good, or rolls it back (then asks for another
   * reconcile). `failures` are the failed steps of a reconcile that did not finish; an
   * app they do not hold back is not held to its deadline, its progress being stalled
   * by another app's failure, not by its own release.
   */
  private async judge(target: TargetState, current: CurrentState, failures?: readonly StepFailure[]): Promise<{ isProgressing: boolean; rolledBack: string[] }> {
    this.current = current;
    const now = this.now();
    const next: AgentState = { ...this.state, lastGood: { ...this.state.lastGood }, applying: { ...this.state.applying }, rolledBack: { ...this.state.rolledBack } };
    const events: NewEvent[] = [];
    let isProgressing = false;
    const rolledBack: string[] = [];
    const previousHealth = this.health;
    this.health = {};
    for (const [appId, app] of Object.entries(target.apps)) {
      const applying = next.applying[appId];
      const since = applying?.releaseId === app.releaseId ? Date.parse(applying.since) : now.getTime();
      const blockedBy = failures && blockingFailure(app, failures);
      const elapsedMs = failures && blockedBy === undefined ? 0 : now.getTime() - since;
      const health = releaseHealth(app, current, elapsedMs, blockedBy);
      this.health[appId] = health;
      const good = next.lastGood[appId];
      if (health.state === 'progressing') isProgressing = true;
      if (health.state === 'healthy' && good?.releaseId !== app.releaseId) {
        next.lastGood[appId] = app;
        delete next.applying[appId];
        events.push({
          type: 'release.applied',
          detail: { app: appId, releaseId: app.releaseId, previousReleaseId: good?.releaseId ?? null, desiredVersion: this.state.target?.version ?? 0 },
        });
        this.options.log.info(`${appId}: release ${app.releaseId} is healthy`);
      } else if (health.state === 'healthy') {
        delete next.applying[appId];
      } else if (health.state === 'failed' && good && good.releaseId !== app.releaseId) {
        next.rolledBack[appId] = { releaseId: app.releaseId, toReleaseId: good.releaseId, reason: health.reason, at: isoTimestamp(now) };
        next.applying[appId] = { releaseId: good.releaseId, since: isoTimestamp(now) };
        rolledBack.push(appId);
        this.options.log.warn(`${appId}: rolling back from ${app.releaseId} to ${good.releaseId}: ${health.reason}`);
      } else if (health.state === 'failed' && previousHealth[appId]?.state !== 'failed') {
        this.options.log.warn(`${appId}: release ${app.releaseId} failed: ${health.reason}${good ? '' : '; no earlier release was healthy here to roll back to'}`);
      }
    }
    if (!isSameRecord(next.lastGood, this.state.lastGood) || !isSameRecord(next.applying, this.state.applying) || !isSameRecord(next.rolledBack, this.state.rolledBack)) {
      await this.save(next);
    }
    await this.record([...events, ...rolledBack.map((appId) => this.rolledBackEvent(appId))]);
    if (rolledBack.length > 0) this.trigger();
    return { isProgressing, rolledBack };
  }

  private rolledBackEvent(appId: string): NewEvent {
    const entry = this.state.rolledBack[appId];
    return {
      type: 'release.rolled-back',
      detail: { app: appId, fromReleaseId: entry?.releaseId ?? 'unknown', toReleaseId: entry?.toReleaseId ?? 'unknown', reason: entry?.reason ?? 'unknown' },
    };
  }

  private async watchRuntime(): Promise<void> {
    const signal = this.stopping.signal;
    // Not p-retry from the start: it would hold its machinery for as long as the stream
    // lasts, which is the life of the agent (and thousands of times over in a simulator).
    await retryAfterFailure(() => this.options.runtime.watch((event) => this.onRuntimeEvent(event), signal), {
      forever: true,
      factor: 2,
      minTimeout: 1_000,
      maxTimeout: 30_000,
      randomize: true,
      signal,
      onFailedAttempt: (error) => this.options.log.warn(`lost the runtime's event stream: ${error.message}; reconnecting`),
    }).catch(() => undefined);
  }

  private onRuntimeEvent(event: RuntimeEvent): void {
    const known = this.current?.containers.find((c) => c.id === event.containerId);
    const isStoppedByAgent = this.stoppedByAgent.has(event.containerId);
    if (event.type === 'die' || event.type === 'destroy') this.stoppedByAgent.delete(event.containerId);
    const log = runtimeEventLog(event, known, effectiveTarget(this.state), isStoppedByAgent);
    if (log) this.record([log]).catch((error: unknown) => this.options.log.error(`cannot record an event: ${String(error)}`));
    if (event.type === 'update') return;
    this.runtimeEvents += 1;
    // A reconcile under way (its attempt is in flight) decides at its end whether it read
    // the gateway after this.
    if (this.inFlight === undefined) this.trigger();
  }

  private markRead(): void {
    this.runtimeEventsAtRead = this.runtimeEvents;
  }

  private recheckSoon(): void {
    clearTimeout(this.recheck);
    this.recheck = setTimeout(() => this.trigger(), this.options.recheckMs ?? 2_000);
  }

  /**
   * Drops the verdicts of apps whose release changed: one on the release an app ran says
   * nothing about the one it runs next, and a caller waiting for that one's verdict must not
   * take the old one for it. The next judgement gives them one.
   */
  private forgetVerdicts(hasChanged: (appId: string) => boolean): void {
    this.health = Object.fromEntries(Object.entries(this.health).filter(([appId]) => !hasChanged(appId)));
  }

  private async save(next: AgentState): Promise<void> {
    await this.options.store.save(next);
    this.state = next;
  }

  private async record(events: NewEvent[]): Promise<void> {
    if (events.length > 0) await this.options.outbox.append(events);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/**
 * Whether two of the state's records (keyed by app) hold the same entries in the same order,
 * as their JSON would say. `judge` copies only these, and an unchanged entry is the very same
 * object, so the stored target's specs are not serialised on every reconcile to learn that.
 */
function isSameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  const others = Object.keys(b);
  return keys.length === others.length && keys.every((key, i) => key === others[i] && (a[key] === b[key] || JSON.stringify(a[key]) === JSON.stringify(b[key])));
}
