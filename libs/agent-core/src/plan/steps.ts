import type { ServiceSpec, VolumeSpec } from '@gantry/app-spec';
import type { UpdatableCap, UpdatableCaps } from '../state/caps.js';

interface StepBase {
  appId: string;
  /** Why the planner chose this step, in words a person reads in the event log. */
  reason: string;
}

/** Download an image. */
export interface PullStep extends StepBase {
  action: 'pull';
  image: string;
}

/** Create the app's own network. */
export interface CreateNetworkStep extends StepBase {
  action: 'createNetwork';
}

/** Remove the network of an app that is gone. */
export interface RemoveNetworkStep extends StepBase {
  action: 'removeNetwork';
}

/** Create one of the app's named volumes. */
export interface CreateVolumeStep extends StepBase {
  action: 'createVolume';
  volume: string;
  spec: VolumeSpec;
}

/** Remove a volume of an app that is gone. */
export interface RemoveVolumeStep extends StepBase {
  action: 'removeVolume';
  volume: string;
}

/** Create a service's container (not started). */
export interface CreateStep extends StepBase {
  action: 'create';
  service: string;
  releaseId: string;
  name: string;
  configHash: string;
  spec: ServiceSpec;
}

/** Start a created or stopped container. */
export interface StartStep extends StepBase {
  action: 'start';
  service: string;
  containerId: string;
}

/** Stop a running container, giving it its grace period. */
export interface StopStep extends StepBase {
  action: 'stop';
  service: string;
  containerId: string;
  timeoutMs: number;
}

/** Remove a stopped container. */
export interface RemoveStep extends StepBase {
  action: 'remove';
  service: string;
  containerId: string;
}

/** Change caps of a running container in place (`docker update`). */
export interface UpdateCapsStep extends StepBase {
  action: 'updateCaps';
  service: string;
  containerId: string;
  caps: UpdatableCaps;
  /** The caps the container has now, for the drift record. */
  current: UpdatableCaps;
  changed: UpdatableCap[];
}

/** One thing the executor does to move the gateway towards its target. */
export type Step =
  | PullStep
  | CreateNetworkStep
  | RemoveNetworkStep
  | CreateVolumeStep
  | RemoveVolumeStep
  | CreateStep
  | StartStep
  | StopStep
  | RemoveStep
  | UpdateCapsStep;

/** The actions a {@link Step} can take. */
export type StepAction = Step['action'];

/** A service the planner holds back, and why (a dependency not ready yet). */
export interface Waiting {
  appId: string;
  service: string;
  reason: string;
}

/** The planner's answer: steps to run in order, and services held back. */
export interface Plan {
  steps: Step[];
  waiting: Waiting[];
}
