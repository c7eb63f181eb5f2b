// What the benchmark process and its firmware-sim worker processes say to each other over IPC.
import type { BehaviourProfile } from '@gantry/firmware-sim';

/** How a worker's fleet is built. */
export interface SimFleetSetup {
  seed: string;
  /** MQTT handshakes in flight at once in this worker. */
  connectConcurrency: number;
  /** 0: no telemetry. */
  telemetryIntervalMs: number;
  keepaliveS: number;
  /** Size of every image in the simulated registry. */
  imageBytes: number;
}

/** How a worker's fleet reaches the controller to enroll through it. */
export interface SimEnrollSetup extends SimFleetSetup {
  controllerUrl: string;
  adminPassword: string;
  /** Enrollments in flight at once in this worker. */
  enrollConcurrency: number;
}

/** What every gateway of a worker gets, however it joined. */
interface SimGatewaySetup {
  labels: Record<string, string>;
  profile: BehaviourProfile;
  /** Images put on every gateway before its agent starts, so a release of them needs no pull. */
  images: string[];
}

/** Benchmark → worker. Each request carries an id that its answer repeats. */
export type SimRequest =
  | (SimGatewaySetup & {
      id: number;
      type: 'enroll';
      setup: SimEnrollSetup;
      /** Gateway numbers this worker holds; gateway n is `<idPrefix>-<n>`. */
      indices: number[];
      idPrefix: string;
    })
  | (SimGatewaySetup & {
      id: number;
      /** Gateways enrolled before (by another worker), on a broker of the benchmark's own. */
      type: 'adopt';
      setup: SimFleetSetup;
      brokerUrl: string;
      gateways: { deviceId: string; password: string }[];
    })
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
  | { id: number; type: 'adopted'; gateways: number }
  | { id: number; type: 'started' }
  | { id: number; type: 'summary'; counts: SimCounts }
  | { id: number; type: 'stopped' }
  | { id: number; type: 'error'; message: string };
