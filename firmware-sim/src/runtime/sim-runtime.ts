import {
  NO_UPDATABLE_CAPS,
  updatableCaps,
  type ContainerRuntime,
  type CreateStep,
  type CurrentState,
  type LogLine,
  type LogOptions,
  type ManagedVolume,
  type PullProgress,
  type RuntimeEvent,
  type UpdatableCaps,
} from '@gantry/agent-core';
import type { VolumeSpec } from '@gantry/app-spec';
import type { Health } from '@gantry/protocol';
import type { Scheduler } from '../clock/scheduler.js';
import { sample, type Distribution } from '../random/distribution.js';
import { randomHex, seededRandom, type Random } from '../random/prng.js';
import { appliedCaps, containerLabels, memoryUsage, oomAfterMs, toManagedContainer, type SimContainer } from './container.js';
import { diskFullError, invalidReferenceError, networkError, notFoundError } from './errors.js';
import { hasHealthcheck, healthTimeline, type HealthChange } from './health-timeline.js';
import { DEFAULT_LOG_EVERY_MS, logLine, logLineCount } from './logs.js';
import { behaviourOf, DEFAULT_PROFILE, globMatches, profileProblems, type BehaviourProfile } from './profile.js';
import { layerAt, progressAt, PROGRESS_UPDATES } from './pull.js';
import { parseImage, type ImageManifest, type SimRegistry } from './registry.js';
import { restartDelayMs, shouldRestart } from './restart-policy.js';

/** What a simulated engine is made of. */
export interface SimRuntimeOptions {
  /** The clock and task queue, shared by every gateway of a run. */
  scheduler: Scheduler;
  /** The registry, shared by every gateway of a run. */
  registry: SimRegistry;
  /** How this gateway behaves; Docker-like defaults where it is silent. */
  profile?: BehaviourProfile;
  /** Seeds container ids and every drawn timing: the same seed and the same calls give the same run. */
  seed: number | string;
}

const MiB = 1024 * 1024;
// What a process uses when its behaviour does not say: comfortably inside its cap.
const DEFAULT_USAGE_BYTES = 32 * MiB;
// A floating-point margin for "usage has reached the limit" at the computed instant.
const OOM_TOLERANCE = 1 - 1e-9;

/**
 * A container engine that behaves like Docker where the agent can tell: pulls and starts
 * take time, images can be missing or fail to download, the disk fills up, processes
 * crash, crash-loop under their restart policy with Docker's backoff, get OOM-killed, and
 * report health on their health check's timing. Calls are idempotent the way the agent's
 * Docker runtime makes them, and what `readCurrent` returns is shaped the same.
 *
 * Every timed thing goes through the shared {@link Scheduler}; a container holds no timer
 * of its own, only a generation number that tells stale tasks to do nothing.
 */
export class SimRuntime implements ContainerRuntime {
  private readonly scheduler: Scheduler;
  private readonly registry: SimRegistry;
  private readonly random: Random;
  private profile: BehaviourProfile;
  /** By id, in creation order. */
  private readonly containers = new Map<string, SimContainer>();
  private readonly idsByName = new Map<string, string>();
  private readonly images = new Set<ImageManifest>();
  private imageBytes = 0;
  private readonly networks = new Set<string>();
  private readonly volumes: ManagedVolume[] = [];
  private listeners: ((event: RuntimeEvent) => void)[] = [];

  constructor(options: SimRuntimeOptions) {
    this.scheduler = options.scheduler;
    this.registry = options.registry;
    this.random = seededRandom(options.seed);
    this.profile = checkedProfile(options.profile ?? {});
  }

  /** Changes how the gateway behaves from now on (fault injection); runs already going keep what they drew. */
  setProfile(profile: BehaviourProfile): void {
    this.profile = checkedProfile(profile);
  }

  /** Bytes of images on the gateway's disk. */
  get diskUsedBytes(): number {
    return this.imageBytes;
  }

  /** Memory a container's process uses now, or null when it does not run (for telemetry). */
  memoryUsageBytes(containerId: string): number | null {
    const c = this.containers.get(containerId);
    if (!c || c.state !== 'running') return null;
    return Math.round(memoryUsage(c, this.scheduler.now() - c.startedAtMs));
  }

  /** A container's labels as `docker inspect` shows them, or undefined when it does not exist. */
  labels(containerId: string): Record<string, string> | undefined {
    const c = this.containers.get(containerId);
    return c && containerLabels(c);
  }

  /** Whether a container's last run ended by the kernel's OOM killer (`State.OOMKilled`). */
  isOomKilled(containerId: string): boolean {
    return this.containers.get(containerId)?.isOomKilled ?? false;
  }

  async readCurrent(): Promise<CurrentState> {
    const images = new Set<string>();
    for (const manifest of this.images) for (const spelling of manifest.spellings) images.add(spelling);
    // `docker ps -a` lists the newest first.
    const containers = [...this.containers.values()].reverse().map(toManagedContainer);
    return { containers, images, networks: new Set(this.networks), volumes: this.volumes.map((v) => ({ ...v })) };
  }

  async pull(image: string, onProgress?: (progress: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const parsed = parseImage(image);
    if (!parsed.ok) throw invalidReferenceError(image, parsed.message);
    const manifest = this.registry.manifest(parsed.ref);
    await this.take(this.setting('pullLatencyMs'), signal);
    const { reference, registry, totalBytes } = manifest;
    if (!this.registry.has(reference) || (this.profile.missingImages ?? []).some((pattern) => globMatches(pattern, reference))) {
      throw notFoundError(image, reference, registry);
    }
    if (this.images.has(manifest)) {
      onProgress?.(progressAt(manifest, image, totalBytes, `Status: Image is up to date for ${reference}`));
      return;
    }
    const bytesPerSecond = Math.max(1, sample(this.setting('pullBytesPerSecond'), this.random));
    const failureRate = this.setting('pullFailureRate');
    const breaksAt = failureRate > 0 && this.random() < failureRate ? this.random() * totalBytes : Number.POSITIVE_INFINITY;
    const free = this.setting('diskBytes') - this.imageBytes;
    const fillsAt = totalBytes > free ? Math.max(0, free) : Number.POSITIVE_INFINITY;
    const endsAt = Math.min(breaksAt, fillsAt);
    const updates = onProgress ? PROGRESS_UPDATES : 1;
    onProgress?.(progressAt(manifest, image, 0, 'Pulling fs layer'));
    let bytes = 0;
    for (let i = 1; i <= updates; i++) {
      const reach = Math.min((totalBytes * i) / updates, endsAt);
      await this.scheduler.sleep(((reach - bytes) / bytesPerSecond) * 1000, signal);
      bytes = reach;
      if (bytes >= endsAt) {
        throw fillsAt <= breaksAt ? diskFullError(image, registry, layerId(manifest, bytes)) : networkError(image, registry);
      }
      onProgress?.(progressAt(manifest, image, bytes, i === updates ? 'Download complete' : 'Downloading'));
    }
    // Another pull may have filled the disk while this one downloaded.
    if (this.imageBytes + totalBytes > this.setting('diskBytes')) throw diskFullError(image, registry, layerId(manifest, totalBytes - 1));
    this.images.add(manifest);
    this.imageBytes += totalBytes;
    onProgress?.(progressAt(manifest, image, totalBytes, `Status: Downloaded newer image for ${reference}`));
  }

  async createNetwork(appId: string): Promise<void> {
    this.networks.add(appId);
  }

  async removeNetwork(appId: string): Promise<void> {
    if (!this.networks.has(appId)) return;
    const attached = [...this.containers.values()].filter((c) => c.appId === appId && c.spec.networkMode === 'app' && isLive(c));
    if (attached.length > 0) {
      throw new Error(`cannot remove network gantry_${appId}: error while removing network: network gantry_${appId} has active endpoints`);
    }
    this.networks.delete(appId);
  }

  async createVolume(appId: string, name: string, _spec: VolumeSpec): Promise<void> {
    if (!this.volumes.some((v) => v.appId === appId && v.name === name)) this.volumes.push({ appId, name });
  }

  async removeVolume(appId: string, name: string): Promise<void> {
    const index = this.volumes.findIndex((v) => v.appId === appId && v.name === name);
    if (index === -1) return;
    const users = [...this.containers.values()].filter(
      (c) => c.appId === appId && c.spec.volumes.some((m) => m.type === 'volume' && m.source === name),
    );
    if (users.length > 0) {
      const dockerName = `gantry_${appId}_${name}`;
      throw new Error(`cannot remove volume ${dockerName} of app ${appId}: remove ${dockerName}: volume is in use - [${users.map((c) => c.id).join(', ')}]`);
    }
    this.volumes.splice(index, 1);
  }

  async create(step: CreateStep): Promise<string> {
    await this.take(this.setting('createMs'));
    const holderId = this.idsByName.get(step.name);
    const holder = holderId === undefined ? undefined : this.containers.get(holderId);
    if (holder) {
      // A retried create finds the container it made: that is success.
      if (holder.configHash === step.configHash) return holder.id;
      throw new Error(
        `cannot create ${step.name}: the name is taken by a Gantry container with config hash ${holder.configHash}, not ${step.configHash} (${holder.id.slice(0, 12)}); remove or rename it`,
      );
    }
    const parsed = parseImage(step.spec.image);
    if (!parsed.ok || !this.images.has(this.registry.manifest(parsed.ref))) {
      throw new Error(`cannot create ${step.name}: No such image: ${step.spec.image}. Pull ${step.spec.image} first`);
    }
    const peer = step.spec.networkMode.startsWith('service:') ? step.spec.networkMode.slice('service:'.length) : null;
    if (peer !== null && !this.findServiceContainer(step.appId, peer)) {
      throw new Error(`service ${step.service} of app ${step.appId} shares the network of service ${peer}, which has no container yet; create ${peer} first`);
    }
    const c: SimContainer = {
      id: randomHex(this.random, 64),
      name: step.name,
      appId: step.appId,
      service: step.service,
      releaseId: step.releaseId,
      configHash: step.configHash,
      image: step.spec.image,
      spec: step.spec,
      createdAtMs: this.scheduler.now(),
      state: 'created',
      // Docker sets up health monitoring at start; a created container has no health yet.
      health: 'none',
      exitCode: null,
      isOomKilled: false,
      restartCount: 0,
      caps: appliedCaps(NO_UPDATABLE_CAPS, updatableCaps(step.spec.resources)),
      startedAtMs: 0,
      finishedAtMs: 0,
      runs: 0,
      restartDelayMs: 0,
      isManuallyStopped: false,
      generation: 0,
      memoryPeakBytes: 0,
      memoryRampMs: 0,
    };
    this.containers.set(c.id, c);
    this.idsByName.set(c.name, c.id);
    return c.id;
  }

  async start(containerId: string): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) throw new Error(`cannot start container ${containerId}: it does not exist`);
    if (isLive(c)) return;
    await this.take(this.setting('startMs'));
    if (this.containers.get(containerId) !== c) throw new Error(`cannot start container ${containerId}: No such container: ${containerId}`);
    if (isLive(c)) return;
    if (c.spec.networkMode === 'app' && !this.networks.has(c.appId)) {
      throw new Error(`cannot start container ${containerId}: network gantry_${c.appId} not found`);
    }
    // A start by hand resets Docker's restart manager: count and backoff begin again.
    c.restartCount = 0;
    c.restartDelayMs = 0;
    c.isManuallyStopped = false;
    this.launch(c);
  }

  async stop(containerId: string, timeoutMs: number): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) return;
    if (c.state === 'restarting') {
      // Waiting out a restart delay: the restart is called off and the container stays down.
      c.isManuallyStopped = true;
      c.generation += 1;
      c.state = 'exited';
      return;
    }
    if (c.state !== 'running') return;
    // Marked first, so a crash during the grace period is not restarted either.
    c.isManuallyStopped = true;
    const generation = c.generation;
    // Docker takes whole seconds, as the Docker runtime sends them.
    const graceMs = Math.ceil(timeoutMs / 1000) * 1000;
    const exitsAfterMs = Math.max(0, sample(this.setting('stopMs'), this.random));
    const isKilled = exitsAfterMs > graceMs;
    await this.scheduler.sleep(isKilled ? graceMs : exitsAfterMs);
    if (c.generation !== generation || c.state !== 'running' || this.containers.get(containerId) !== c) return;
    this.exit(c, isKilled ? 137 : this.setting('stopExitCode'), false);
  }

  async remove(containerId: string): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) return;
    await this.take(this.setting('removeMs'));
    if (this.containers.get(containerId) !== c) return;
    // Forced, as the Docker runtime removes: a running container is killed first.
    c.isManuallyStopped = true;
    if (c.state === 'running') this.exit(c, 137, false);
    c.generation += 1;
    this.containers.delete(containerId);
    this.idsByName.delete(c.name);
    this.emit('destroy', c);
  }

  async updateCaps(containerId: string, caps: UpdatableCaps): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) throw new Error(`cannot update the caps of container ${containerId}: it does not exist`);
    const next = appliedCaps(c.caps, caps);
    const { memoryBytes, memoryReservationBytes, memorySwapBytes } = next;
    if (memoryBytes !== null && memoryReservationBytes !== null && memoryReservationBytes > memoryBytes) {
      throw new Error(`cannot update the caps of container ${containerId}: Minimum memory limit can not be less than memory reservation limit, see usage`);
    }
    if (memoryBytes !== null && memorySwapBytes !== null && memorySwapBytes !== -1 && memoryBytes > memorySwapBytes) {
      throw new Error(
        `cannot update the caps of container ${containerId}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time`,
      );
    }
    c.caps = next;
    this.emit('update', c);
    // A lower limit may now be under what the process uses; a higher one lets a pending OOM pass.
    if (c.state === 'running') this.scheduleOom(c, c.generation);
  }

  async watch(onEvent: (event: RuntimeEvent) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    this.listeners.push(onEvent);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    this.listeners = this.listeners.filter((listener) => listener !== onEvent);
  }

  async *logs(containerId: string, options: LogOptions): AsyncGenerator<LogLine> {
    const c = this.containers.get(containerId);
    if (!c) throw new Error(`cannot read the logs of container ${containerId}: No such container: ${containerId}`);
    const { signal } = options;
    if (signal?.aborted) return;
    const everyMs = behaviourOf(this.profile, c).logEveryMs ?? DEFAULT_LOG_EVERY_MS;
    const usageAt = (sinceStartMs: number) => memoryUsage(c, sinceStartMs);
    const run = c.runs;
    let count = logLineCount(c, this.scheduler.now(), everyMs);
    const from = options.tail === undefined ? 0 : Math.max(0, count - options.tail);
    for (let i = from; i < count; i++) yield logLine(c, i, everyMs, usageAt);
    if (!options.follow) return;
    // Following ends with the run, as `docker logs -f` ends when the container stops.
    for (let next = count; c.state === 'running' && c.runs === run; ) {
      const sinceStart = this.scheduler.now() - c.startedAtMs;
      try {
        await this.scheduler.sleep(everyMs - (sinceStart % everyMs), signal);
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      if (c.runs !== run || this.containers.get(containerId) !== c) return;
      count = logLineCount(c, this.scheduler.now(), everyMs);
      for (; next < count; next++) yield logLine(c, next, everyMs, usageAt);
    }
  }

  /** A process starts: draw this run's fate from the profile and schedule it. */
  private launch(c: SimContainer): void {
    const now = this.scheduler.now();
    c.generation += 1;
    const generation = c.generation;
    c.state = 'running';
    c.startedAtMs = now;
    c.runs += 1;
    c.exitCode = null;
    c.isOomKilled = false;
    const behaviour = behaviourOf(this.profile, c);
    c.memoryPeakBytes = Math.round(
      behaviour.memoryBytes === undefined ? Math.min(DEFAULT_USAGE_BYTES, (c.caps.memoryBytes ?? Infinity) / 2) : sample(behaviour.memoryBytes, this.random),
    );
    c.memoryRampMs = behaviour.memoryRampMs === undefined ? 0 : Math.max(0, sample(behaviour.memoryRampMs, this.random));
    const check = c.spec.healthcheck;
    c.health = hasHealthcheck(check) ? 'starting' : 'none';
    this.emit('start', c);

    const crash = behaviour.crash;
    if (crash && (crash.runs === undefined || c.runs <= crash.runs)) {
      const afterMs = Math.max(0, sample(crash.afterMs, this.random));
      this.scheduler.at(now + afterMs, () => {
        if (c.generation === generation && c.state === 'running') this.exit(c, crash.exitCode ?? 1, false);
      });
    }
    this.scheduleOom(c, generation);
    if (hasHealthcheck(check)) {
      const readyAfter = behaviour.health === 'unhealthy' ? Number.POSITIVE_INFINITY : this.draw(behaviour.readyAfterMs ?? 0);
      const failsAfter = behaviour.unhealthyAfterMs ? this.draw(behaviour.unhealthyAfterMs) : Number.POSITIVE_INFINITY;
      this.scheduleHealth(c, generation, healthTimeline(check, readyAfter, failsAfter), 0);
    }
  }

  /** The process ends: by itself, by a signal, or by the OOM killer; the restart policy decides what follows. */
  private exit(c: SimContainer, exitCode: number, isOom: boolean): void {
    const now = this.scheduler.now();
    c.generation += 1;
    c.finishedAtMs = now;
    c.exitCode = exitCode;
    c.isOomKilled = isOom;
    // Docker reports the OOM first, then the death (exit code 137).
    if (isOom) this.emit('oom', c);
    if (shouldRestart(c.spec.restart, exitCode, c.restartCount, c.isManuallyStopped)) {
      c.restartDelayMs = restartDelayMs(c.restartDelayMs, now - c.startedAtMs);
      c.restartCount += 1;
      c.state = 'restarting';
      const generation = c.generation;
      const startMs = this.draw(this.setting('startMs'));
      this.scheduler.at(now + c.restartDelayMs + startMs, () => {
        if (c.generation === generation && c.state === 'restarting' && this.containers.get(c.id) === c) this.launch(c);
      });
    } else {
      c.state = 'exited';
    }
    this.emit('die', c, { exitCode });
  }

  /** Schedules the OOM kill for when the run's memory reaches the limit; the task checks again when it fires. */
  private scheduleOom(c: SimContainer, generation: number): void {
    const afterMs = oomAfterMs(c, c.caps.memoryBytes);
    if (!Number.isFinite(afterMs)) return;
    this.scheduler.at(c.startedAtMs + afterMs, () => {
      if (c.generation !== generation || c.state !== 'running') return;
      // The limit may have been raised since this was scheduled.
      const limit = c.caps.memoryBytes;
      if (limit === null || memoryUsage(c, this.scheduler.now() - c.startedAtMs) < limit * OOM_TOLERANCE) return;
      this.exit(c, 137, true);
    });
  }

  private scheduleHealth(c: SimContainer, generation: number, timeline: readonly HealthChange[], index: number): void {
    const change = timeline[index];
    if (!change) return;
    this.scheduler.at(c.startedAtMs + change.afterMs, () => {
      if (c.generation !== generation || c.state !== 'running') return;
      // Docker sends health_status only when the status changes.
      if (c.health !== change.health) {
        c.health = change.health;
        this.emit('health', c, { health: change.health });
      }
      this.scheduleHealth(c, generation, timeline, index + 1);
    });
  }

  private emit(type: RuntimeEvent['type'], c: SimContainer, extra: { exitCode?: number; health?: Health } = {}): void {
    if (this.listeners.length === 0) return;
    const event: RuntimeEvent = { type, containerId: c.id, appId: c.appId, service: c.service, at: new Date(this.scheduler.now()), ...extra };
    for (const listener of this.listeners) listener(event);
  }

  /** Waits a drawn time; nothing is scheduled for a zero wait. */
  private async take(distribution: Distribution, signal?: AbortSignal): Promise<void> {
    const ms = this.draw(distribution);
    if (ms > 0) await this.scheduler.sleep(ms, signal);
    else signal?.throwIfAborted();
  }

  private draw(distribution: Distribution): number {
    return Math.max(0, sample(distribution, this.random));
  }

  private setting<K extends keyof typeof DEFAULT_PROFILE>(key: K): NonNullable<BehaviourProfile[K]> | (typeof DEFAULT_PROFILE)[K] {
    return this.profile[key] ?? DEFAULT_PROFILE[key];
  }

  /** Another service's container, for `networkMode: service:<name>`: a running one first, else the newest. */
  private findServiceContainer(appId: string, service: string): SimContainer | undefined {
    const mine = [...this.containers.values()].filter((c) => c.appId === appId && c.service === service);
    return mine.find((c) => c.state === 'running') ?? mine.at(-1);
  }
}

function isLive(c: SimContainer): boolean {
  return c.state === 'running' || c.state === 'restarting';
}

function layerId(manifest: ImageManifest, bytes: number): string {
  return `${manifest.digest.slice('sha256:'.length, 'sha256:'.length + 52)}${String(layerAt(manifest, bytes)).padStart(12, '0')}`;
}

function checkedProfile(profile: BehaviourProfile): BehaviourProfile {
  const problems = profileProblems(profile);
  if (problems.length > 0) throw new Error(`the behaviour profile is not usable: ${problems.join('; ')}`);
  return profile;
}
