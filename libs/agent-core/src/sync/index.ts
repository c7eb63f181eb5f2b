// The cloud sync on top of the agent core: the MQTT session, its inbox and outbox, reports and
// commands. Apart from the root so that a gateway in local mode never loads it (nor the protocol
// codec it needs).
export { DEFAULT_BACKOFF, backoffDelayMs, type BackoffOptions } from './backoff.js';
export { systemClock, type Clock, type ClockTimer } from './clock.js';
export { CommandError, type CommandHandlers, type GatewayDiagnostics, type LogsRequest } from './command-handlers.js';
export type { SyncCounters } from './counters.js';
export { desiredToTarget } from './desired-target.js';
export type { MqttConnectOptions, MqttLink, MqttLinkHandlers, MqttPublishOptions, MqttWill } from './mqtt-link.js';
export { buildReport, type CapsStatusOf, type RefusedTarget, type ReportInput } from './report.js';
export type { SyncIdentity, SyncSessionOptions, SyncSupervisor } from './sync-options.js';
export { SyncSession, type ConnectionState } from './sync-session.js';
