import type { AppSpec } from '@gantry/app-spec';

/** One app the gateway must run: a release of it and that release's manifest. */
export interface TargetApp {
  /** The app's id: the controller's, or `local-<name>` for an app applied in local mode. */
  appId: string;
  releaseId: string;
  spec: AppSpec;
  /** How long the release may take to become healthy before the agent rolls back. */
  healthyWithinMs: number;
}

/** Everything the gateway must run, by app id. An app absent here is removed. */
export interface TargetState {
  apps: Record<string, TargetApp>;
}

/** The empty target: run nothing Gantry manages. */
export const EMPTY_TARGET: TargetState = { apps: {} };
