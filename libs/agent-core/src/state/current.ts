import type { Health, ServiceState } from '@gantry/protocol';
import type { UpdatableCaps } from './caps.js';

/** A container the agent created, as the runtime reports it (read through its labels). */
export interface ManagedContainer {
  id: string;
  name: string;
  appId: string;
  service: string;
  releaseId: string;
  /** {@link configHash} of the service spec it was created from. */
  configHash: string;
  image: string;
  state: ServiceState;
  health: Health;
  exitCode: number | null;
  restartCount: number;
  /** The caps Docker holds for it now: `docker update` by hand shows up here. */
  caps: UpdatableCaps;
}

/** A named volume that belongs to an app. */
export interface ManagedVolume {
  appId: string;
  name: string;
}

/** What the gateway runs now, as far as Gantry is concerned. */
export interface CurrentState {
  containers: ManagedContainer[];
  /** Image references present locally (tags and digests). */
  images: ReadonlySet<string>;
  /** Apps whose network exists. */
  networks: ReadonlySet<string>;
  volumes: ManagedVolume[];
}
