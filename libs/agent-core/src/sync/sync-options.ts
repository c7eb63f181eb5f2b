import type { GatewayResources, GatewaySettings, KnownDesiredDocuments, Platform } from '@gantry/protocol';
import type { Logger, Supervisor } from '../supervise/supervisor.js';
import type { BackoffOptions } from './backoff.js';
import type { Clock } from './clock.js';
import type { CommandHandlers } from './command-handlers.js';
import type { MqttLink } from './mqtt-link.js';
import type { CapsStatusOf } from './report.js';
import type { WatchedOutbox } from '../store/watched-outbox.js';

/** What the session needs of the supervisor; the real `Supervisor` is one. */
export type SyncSupervisor = Pick<Supervisor, 'status' | 'setTarget' | 'trigger' | 'idle'>;

/** Who this gateway is, as its `status` tells the cloud. */
export interface SyncIdentity {
  readonly deviceId: string;
  /** Semantic version, e.g. `1.4.2`. */
  readonly agentVersion: string;
  /** A UUID new at every start of the agent process. */
  readonly bootId: string;
  readonly platform?: Platform;
}

/** What a sync session is built from. */
export interface SyncSessionOptions {
  readonly identity: SyncIdentity;
  /** From enrollment: the MQTT username (the device id) and the gateway's secret. */
  readonly credentials: { readonly username: string; readonly password: string };
  readonly link: MqttLink;
  readonly supervisor: SyncSupervisor;
  /** The same outbox the supervisor records into. */
  readonly outbox: WatchedOutbox;
  readonly commands: CommandHandlers;
  /** Allocatable (and capacity) now, for every report. */
  readonly gateway: () => GatewayResources;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly backoff?: BackoffOptions;
  /** A connection that lasted this long was good: the next reconnect starts from the shortest delay. Default 30 s. */
  readonly stableAfterMs?: number;
  /** How often to send a report if the state changed unnoticed, and retry what failed to send. Default 30 s. */
  readonly checkIntervalMs?: number;
  readonly keepaliveS?: number;
  /** For apps whose desired entry gives no health deadline. Default 2 minutes. */
  readonly defaultHealthyWithinMs?: number;
  /** The caps status of a container (the agent reads cgroups); default: applied, `unverified`. */
  readonly capsStatus?: CapsStatusOf;
  /** Called with a new target's gateway settings before the supervisor weighs it (policy, reserve). */
  readonly onSettings?: (settings: GatewaySettings | undefined) => void;
  /** Commands run at once at most; more are answered `busy`. Default 4. */
  readonly maxConcurrentCommands?: number;
  /** Telemetry samples kept while the cloud is away before thinning. Default 2000. */
  readonly telemetryCapacity?: number;
  /** Desired documents validated by any session of this process (a process holding many gateways shares one). */
  readonly knownDesired?: KnownDesiredDocuments;
  /**
   * Asked before each report and event batch is encoded: `false` sends it without checking it
   * against the protocol's schema first. The controller checks everything it receives; a load
   * generator holding thousands of gateways that build the same messages checks a sample. By
   * default every message is checked.
   */
  readonly isOutgoingChecked?: () => boolean;
  /**
   * Events wait this long after the first of them is recorded, so the events of one change
   * (a release's containers created, started, judged) go to the cloud as one batch rather
   * than one message each; 0 sends at once. Reconnects, the periodic check and a report
   * going out send whatever waits. Default 250 ms.
   */
  readonly eventLingerMs?: number;
  /**
   * A report waits this long after it is first asked for, so a change that completes quickly
   * (a desired state acked, then its release running) goes as one report. Reconnects and the
   * periodic check report at once. Default 250 ms.
   */
  readonly reportLingerMs?: number;
  /**
   * The report that acks a desired state waits, after its linger, for the reconcile the
   * state started to end, at most this long: a change that completes within it (containers
   * replaced and running) is acked and reported in one message instead of one per step.
   * Other reports (a crash, drift) are not held. 0 never holds. Default 2 s.
   */
  readonly reportHoldMs?: number;
}
