import type { VolumeSpec } from '@gantry/app-spec';
import type { Health } from '@gantry/protocol';
import type { CreateStep } from '../plan/steps.js';
import type { UpdatableCaps } from '../state/caps.js';
import type { CurrentState } from '../state/current.js';

/** Progress of one image download, summed over its layers. */
export interface PullProgress {
  image: string;
  /** Bytes downloaded so far, over the layers whose size is known. */
  currentBytes: number;
  /** Total bytes of the layers whose size is known yet; grows as the registry answers. */
  totalBytes: number;
  layersDone: number;
  layersTotal: number;
  /** The latest status line, e.g. `Downloading` or `Pull complete`. */
  status: string;
}

/** Something that happened to a managed container, from the runtime's event stream. */
export interface RuntimeEvent {
  type: 'start' | 'die' | 'oom' | 'health' | 'destroy' | 'update';
  containerId: string;
  appId: string;
  service: string;
  at: Date;
  exitCode?: number;
  health?: Health;
}

/** One line of a container's output. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  at: Date | null;
  text: string;
}

/** What to read of a container's output. */
export interface LogOptions {
  tail?: number;
  follow?: boolean;
  signal?: AbortSignal;
}

/**
 * The container engine as the agent core sees it. Every call is idempotent: removing
 * what is gone, starting what runs, creating what exists (same name) all succeed, so a
 * step retried after a crash does no harm. Only containers, networks and volumes that
 * carry Gantry's labels are ever listed or touched.
 */
export interface ContainerRuntime {
  /** Everything Gantry manages on this gateway now. */
  readCurrent(): Promise<CurrentState>;
  pull(image: string, onProgress?: (progress: PullProgress) => void, signal?: AbortSignal): Promise<void>;
  createNetwork(appId: string): Promise<void>;
  removeNetwork(appId: string): Promise<void>;
  createVolume(appId: string, name: string, spec: VolumeSpec): Promise<void>;
  removeVolume(appId: string, name: string): Promise<void>;
  /** Creates the step's container and returns its id (the existing one's, if the name is taken by it). */
  create(step: CreateStep): Promise<string>;
  start(containerId: string): Promise<void>;
  stop(containerId: string, timeoutMs: number): Promise<void>;
  remove(containerId: string): Promise<void>;
  /** Changes caps of a container in place (`docker update`). */
  updateCaps(containerId: string, caps: UpdatableCaps): Promise<void>;
  /** Streams events of managed containers until `signal` aborts. */
  watch(onEvent: (event: RuntimeEvent) => void, signal: AbortSignal): Promise<void>;
  logs(containerId: string, options: LogOptions): AsyncIterable<LogLine>;
}

/** Labels Gantry puts on everything it owns; the runtime lists only what carries them. */
export const LABELS = {
  managed: 'io.gantry.managed',
  app: 'io.gantry.app',
  service: 'io.gantry.service',
  release: 'io.gantry.release',
  configHash: 'io.gantry.config-hash',
  volume: 'io.gantry.volume',
} as const;
