// What the benchmark process and its gateway-fleet worker processes say to each other over IPC.
import type { GatewayCredentials } from './enrollment.js';

/** Benchmark → worker. Each request carries an id that its answer repeats. */
export type FleetRequest =
  | { id: number; type: 'connect'; url: string; gateways: GatewayCredentials[]; concurrency: number; keepaliveS: number }
  | { id: number; type: 'stats' }
  | { id: number; type: 'arrivals'; releaseId: string }
  | { id: number; type: 'close' };

/** A worker's counts at one moment. */
export interface FleetStats {
  /** Sessions open now. */
  connected: number;
  /** Sessions that could not be opened (connect, subscribe or the status publish failed). */
  failed: number;
  /** Sessions that closed without the benchmark closing them. */
  dropped: number;
  /** Gateways that have received at least one `desired`. */
  withDesired: number;
  /** Every `desired` received, duplicates (republishes) included. */
  desiredMessages: number;
  /** `reported` acks published. */
  acks: number;
  /** The first few error messages, for the report. */
  errors: string[];
  rssBytes: number;
}

/** When the gateways first received a `desired` carrying a release (wall clock ms). */
export interface Arrivals {
  atMs: number[];
  /** One of those payloads as received (to send the same bytes through the bare broker). */
  samplePayload: string | undefined;
  sampleDeviceId: string | undefined;
}

/** Worker → benchmark. */
export type FleetAnswer =
  | { id: number; type: 'connected'; ok: number; failed: number; errors: string[]; durationMs: number }
  | { id: number; type: 'stats'; stats: FleetStats }
  | { id: number; type: 'arrivals'; arrivals: Arrivals }
  | { id: number; type: 'closed' }
  | { id: number; type: 'error'; message: string };
