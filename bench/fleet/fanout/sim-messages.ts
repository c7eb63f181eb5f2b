// What the benchmark process and its firmware-sim worker processes say to each other over IPC.
import type { BehaviourProfile } from '@gantry/firmware-sim';

/** How a worker's fleet is built and reaches the controller. */
export interface SimFleetSetup {
  controllerUrl: string;
  adminPassword: string;
  seed: string;
  /** Enrollments in flight at once in this worker. */
  enrollConcurrency: number;
  /** MQTT handshakes in flight at once in this worker. */
  connectConcurrency: number;
  /** 0: no telemetry. */
  telemetryIntervalMs: number;
  keepaliveS: number;
  /** Size of every image in the simulated registry. */
  imageBytes: number;
}

/** Benchmark → worker. Each request carries an id that its answer repeats. */
export type SimRequest =
  | {
      id: number;
      type: 'enroll';
      setup: SimFleetSetup;
      /** Gateway numbers this worker holds; gateway n is `<idPrefix>-<n>`. */
      indices: number[];
      idPrefix: string;
      labels: Record<string, string>;
      profile: BehaviourProfile;
      /** Images put on every gateway before its agent starts, so a release of them needs no pull. */
      images: string[];
    }
  | { id: number; type: 'start' }
  | { id: number; type: 'summary' }
  | { id: number; type: 'stop' };

/** A worker's gateways at one moment, as their own reports say. */
export interface SimCounts {
  gateways: number;
  connected: number;
  converged: number;
  failing: number;
  applying: number;
  /** Gateways per release their apps run or apply. */
  releases: Record<string, number>;
  connectFailures: number;
  connectionsLost: number;
  reportsSent: number;
  rssBytes: number;
}

/** Worker → benchmark. */
export type SimAnswer =
  | { id: number; type: 'enrolled'; gateways: { deviceId: string; password: string }[] }
  | { id: number; type: 'started' }
  | { id: number; type: 'summary'; counts: SimCounts }
  | { id: number; type: 'stopped' }
  | { id: number; type: 'error'; message: string };
