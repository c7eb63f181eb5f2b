import type { AppSpec } from '@gantry/app-spec';
import type { Selector } from './selector/selector.js';

/*
 * The controller's records as the compiler sees them: plain, already-validated values
 * (the controller parses HTTP bodies and database rows at its own boundary).
 */

/** A gateway as far as targeting goes: its id and its labels. */
export interface Device {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** An immutable release of an app: the manifest every gateway running it gets. */
export interface Release {
  readonly id: string;
  readonly appId: string;
  /** The canonical, normalised manifest; its `name` is the app id. */
  readonly manifest: AppSpec;
  readonly createdAt: Date;
}

/** Whether a deployment takes part in compiling: only `active` ones do. */
export type DeploymentState = 'active' | 'paused' | 'rolled-back';

/** Release `releaseId` of app `appId` goes to the gateways matching `selector`; the highest priority wins. */
export interface Deployment {
  readonly id: string;
  readonly appId: string;
  readonly releaseId: string;
  /** Parsed once by the controller when the deployment is written, see `parseSelector`. */
  readonly selector: Selector;
  /** Any integer; a higher priority deployment of the same app overrides a lower one. */
  readonly priority: number;
  /** How long the release may take to become healthy; absent: the agent's default. */
  readonly healthyWithinMs?: number;
  readonly createdAt: Date;
  readonly state: DeploymentState;
}
