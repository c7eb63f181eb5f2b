import type { ProtocolErrorCode } from '@gantry/protocol';

/** What the sync session has done since it started, for metrics, `status` and tests. */
export interface SyncCounters {
  connects: number;
  connectFailures: number;
  connectionsLost: number;
  /** Desired states received that passed validation. */
  desiredReceived: number;
  /** Newer targets handed to the supervisor and stored. */
  desiredStored: number;
  /** Targets at or below the stored version: not applied (an equal one is acked again). */
  desiredIgnored: number;
  /** Same version as the stored target with other content: the controller broke its invariant. */
  desiredConflicts: number;
  /** Targets the supervisor refused whole (caps over allocatable, policy). */
  desiredRefused: number;
  /** Desired payloads dropped as invalid, by reason. */
  desiredInvalid: Partial<Record<ProtocolErrorCode, number>>;
  commandsReceived: number;
  /** Command payloads that could not be read (answered `invalid-request` when the topic allowed). */
  commandsInvalid: number;
  commandsTimedOut: number;
  /** Messages on topics this gateway does not handle, or unreadable topics. */
  messagesIgnored: number;
  reportsSent: number;
  eventsSent: number;
  eventBatchesSent: number;
  /** Events that could not be encoded at all; logged and acknowledged so the queue moves on. */
  eventsUnsendable: number;
  telemetrySamplesSent: number;
  /** Telemetry samples dropped by thinning while the cloud was away. */
  telemetryThinned: number;
}

/** Counters of a session that has done nothing yet. */
export function emptyCounters(): SyncCounters {
  return {
    connects: 0,
    connectFailures: 0,
    connectionsLost: 0,
    desiredReceived: 0,
    desiredStored: 0,
    desiredIgnored: 0,
    desiredConflicts: 0,
    desiredRefused: 0,
    desiredInvalid: {},
    commandsReceived: 0,
    commandsInvalid: 0,
    commandsTimedOut: 0,
    messagesIgnored: 0,
    reportsSent: 0,
    eventsSent: 0,
    eventBatchesSent: 0,
    eventsUnsendable: 0,
    telemetrySamplesSent: 0,
    telemetryThinned: 0,
  };
}
