// The ContainerRuntime over a Docker engine. Every call is idempotent, and acts only on
// objects that carry Gantry's labels: a container someone else started is never touched.
import {
  LABELS,
  type ContainerRuntime,
  type CreateStep,
  type CurrentState,
  type LogLine,
  type LogOptions,
  type PullProgress,
  type RuntimeEvent,
  type UpdatableCaps,
} from '@gantry/agent-core';
import type { VolumeSpec } from '@gantry/app-spec';
import type Docker from 'dockerode';
import { capsUpdate } from './caps-config.js';
import { containerCreateOptions, networkPeer } from './container-config.js';
import { dockerMessage, hasStatus, isNotFound, NotManagedError } from './docker-errors.js';
import { watchEvents } from './events.js';
import { Ownership } from './labels.js';
import { readLogs } from './logs.js';
import { createAppNetwork, removeAppNetwork } from './networks.js';
import { pullImage, type RegistryAuth } from './pull.js';
import { readCurrentState } from './read-current.js';
import { createAppVolume, removeAppVolume } from './volumes.js';

/** How the Docker runtime is set up. */
export interface DockerRuntimeOptions {
  /** Credentials by registry host as written in image references (`docker.io` for Docker Hub). */
  registryAuth?: RegistryAuth;
  /** Which agent this is, when several share one engine (see {@link Ownership}). */
  instance?: string;
}

/** {@link ContainerRuntime} on a Docker engine, through dockerode. */
export class DockerRuntime implements ContainerRuntime {
  private readonly registryAuth: RegistryAuth;
  private readonly owner: Ownership;
  /**
   * Containers known to be Gantry's: seen with its labels in the last read, or created here.
   * A container's labels never change and its id is never reused, so acting on one of these
   * needs no inspect first to check ownership.
   */
  private knownManaged = new Set<string>();

  constructor(
    private readonly docker: Docker,
    options: DockerRuntimeOptions = {},
  ) {
    this.registryAuth = options.registryAuth ?? {};
    this.owner = new Ownership(options.instance);
  }

  /** Everything Gantry manages on this gateway now. */
  async readCurrent(): Promise<CurrentState> {
    const current = await readCurrentState(this.docker, this.owner);
    this.knownManaged = new Set(current.containers.map((c) => c.id));
    return current;
  }

  /** Pulls an image with the credentials of its registry, reporting progress summed over layers. */
  async pull(image: string, onProgress?: (progress: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    await pullImage(this.docker, image, this.registryAuth, onProgress, signal);
  }

  /** Creates the app's network `gantry_<appId>`. */
  async createNetwork(appId: string): Promise<void> {
    await createAppNetwork(this.docker, appId, this.owner);
  }

  /** Removes the app's network. */
  async removeNetwork(appId: string): Promise<void> {
    await removeAppNetwork(this.docker, appId, this.owner);
  }

  /** Creates the app's volume `gantry_<appId>_<name>`. */
  async createVolume(appId: string, name: string, spec: VolumeSpec): Promise<void> {
    await createAppVolume(this.docker, appId, name, spec, this.owner);
  }

  /** Removes the app's volume and its data. */
  async removeVolume(appId: string, name: string): Promise<void> {
    await removeAppVolume(this.docker, appId, name, this.owner);
  }

  /** Creates the step's container; if its name is taken by the same config (a retried step), returns that one's id. */
  async create(step: CreateStep): Promise<string> {
    const peer = networkPeer(step.spec.networkMode);
    const peerId = peer === null ? null : await this.findServiceContainer(step.appId, peer);
    try {
      const container = await this.docker.createContainer(containerCreateOptions(step, peerId, this.owner));
      this.knownManaged.add(container.id);
      return container.id;
    } catch (error) {
      if (hasStatus(error, 409)) return this.adoptExisting(step, error);
      if (isNotFound(error)) {
        throw new Error(
          `cannot create ${step.name}: ${dockerMessage(error)}. Pull ${step.spec.image} first` +
            (peer === null ? '' : `, and check that service ${peer}'s container still exists`),
          { cause: error },
        );
      }
      throw new Error(`cannot create ${step.name} for service ${step.service} of app ${step.appId}: ${dockerMessage(error)}`, { cause: error });
    }
  }

  /** Starts a managed container; one that runs already is fine. */
  async start(containerId: string): Promise<void> {
    const container = await this.managedContainer(containerId, 'start');
    if (!container) throw new Error(`cannot start container ${containerId}: it does not exist`);
    try {
      await container.start();
    } catch (error) {
      // 304: already running.
      if (hasStatus(error, 304)) return;
      if (isNotFound(error)) throw new Error(`cannot start container ${containerId}: it does not exist`, { cause: error });
      throw new Error(`cannot start container ${containerId}: ${dockerMessage(error)}`, { cause: error });
    }
  }

  /** Stops a managed container with this grace period (rounded up to whole seconds); stopped or gone is fine. */
  async stop(containerId: string, timeoutMs: number): Promise<void> {
    const container = await this.managedContainer(containerId, 'stop');
    if (!container) return;
    try {
      await container.stop({ t: Math.ceil(timeoutMs / 1000) });
    } catch (error) {
      // 304: already stopped; 404: removed meanwhile.
      if (hasStatus(error, 304) || isNotFound(error)) return;
      throw new Error(`cannot stop container ${containerId}: ${dockerMessage(error)}`, { cause: error });
    }
  }

  /**
   * Removes a managed container and its anonymous volumes; gone is fine. Forced, so a
   * container a restart policy brought back between stop and remove still goes.
   */
  async remove(containerId: string): Promise<void> {
    const container = await this.managedContainer(containerId, 'remove');
    if (!container) return;
    try {
      await container.remove({ force: true, v: true });
      this.knownManaged.delete(containerId);
    } catch (error) {
      // A removal already under way ends where this one would.
      if (isNotFound(error) || (hasStatus(error, 409) && /already in progress/.test(dockerMessage(error)))) return;
      throw new Error(`cannot remove container ${containerId}: ${dockerMessage(error)}`, { cause: error });
    }
  }

  /** Changes a running managed container's caps in place (`docker update`), with no restart. */
  async updateCaps(containerId: string, caps: UpdatableCaps): Promise<void> {
    const container = await this.managedContainer(containerId, 'update');
    if (!container) throw new Error(`cannot update the caps of container ${containerId}: it does not exist`);
    try {
      await container.update(capsUpdate(caps));
    } catch (error) {
      if (isNotFound(error)) throw new Error(`cannot update the caps of container ${containerId}: it does not exist`, { cause: error });
      throw new Error(`cannot update the caps of container ${containerId}: ${dockerMessage(error)}`, { cause: error });
    }
  }

  /** Streams events of managed containers until `signal` aborts. */
  async watch(onEvent: (event: RuntimeEvent) => void, signal: AbortSignal): Promise<void> {
    await watchEvents(this.docker, onEvent, signal, this.owner);
  }

  /** A managed container's output lines, ending when `options.signal` aborts (or the container stops, when following). */
  async *logs(containerId: string, options: LogOptions): AsyncGenerator<LogLine> {
    const container = this.docker.getContainer(containerId);
    const info = await container.inspect();
    if (!this.owner.owns(info.Config.Labels)) throw new NotManagedError('container', containerId, 'read the logs of');
    yield* readLogs(container, info.Config.Tty, options);
  }

  /**
   * The container if it exists and is Gantry's, null if it does not exist; throws if it is
   * someone else's. One known to be Gantry's is returned without asking Docker: if it has
   * gone meanwhile, the call made on it answers 404, which each caller handles as here.
   */
  private async managedContainer(containerId: string, what: string): Promise<Docker.Container | null> {
    const container = this.docker.getContainer(containerId);
    if (this.knownManaged.has(containerId)) return container;
    try {
      const info = await container.inspect();
      if (!this.owner.owns(info.Config.Labels)) throw new NotManagedError('container', containerId, what);
      return container;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** After a 409 on create: the container holding the name, if it is this step's (a retried create). */
  private async adoptExisting(step: CreateStep, conflict: unknown): Promise<string> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(this.owner.containerName(step.name)).inspect();
    } catch (error) {
      // The holder vanished meanwhile: report the conflict, the next attempt will create it.
      if (isNotFound(error)) throw new Error(`cannot create ${step.name}: ${dockerMessage(conflict)}`, { cause: conflict });
      throw error;
    }
    const labels = info.Config.Labels ?? {};
    if (this.owner.owns(labels) && labels[LABELS.configHash] === step.configHash) return info.Id;
    const holder = this.owner.owns(labels)
      ? `a Gantry container with config hash ${labels[LABELS.configHash] ?? '(none)'}, not ${step.configHash}`
      : 'a container Gantry did not create';
    throw new Error(`cannot create ${step.name}: the name is taken by ${holder} (${info.Id.slice(0, 12)}); remove or rename it`, {
      cause: conflict,
    });
  }

  /**
   * The container of another service of the app, for `networkMode: service:<name>`: a
   * running one if there is one (during a rollout there can be two), else the newest.
   */
  private async findServiceContainer(appId: string, service: string): Promise<string | null> {
    const found = await this.docker.listContainers({ all: true, filters: this.owner.filter({ [LABELS.app]: appId, [LABELS.service]: service }) });
    const ranked = [...found].sort((a, b) => Number(b.State === 'running') - Number(a.State === 'running') || b.Created - a.Created);
    return ranked[0]?.Id ?? null;
  }
}
