// The public API of @gantry/protocol: the cloud-edge contract (DESIGN.md §3).

export { PROTOCOL_VERSION, PROTOCOL_MAJOR, PROTOCOL_MINOR, ProtocolVersionSchema, parseProtocolVersion, unsupportedVersionReason } from './version.js';
export type { ProtocolVersion } from './version.js';

export { ok, err } from './result.js';
export type { Result } from './result.js';

export { MESSAGE_KINDS, DELIVERY, isMessageKind, isRequestKind } from './kinds.js';
export type { MessageKind, RequestKind, DeviceKind, Direction, Delivery } from './kinds.js';

export {
  DEVICE_ID_PATTERN,
  REQUEST_ID_PATTERN,
  APP_ID_PATTERN,
  SERVICE_NAME_PATTERN,
  RELEASE_ID_PATTERN,
  SHARE_GROUP_PATTERN,
  isValidDeviceId,
  isValidRequestId,
  DeviceIdSchema,
  MessageIdSchema,
  AppIdSchema,
  ServiceNameSchema,
  ReleaseIdSchema,
} from './ids.js';

export {
  TOPIC_ROOT,
  TOPIC_PREFIX,
  buildTopic,
  parseTopic,
  fleetFilter,
  deviceFilter,
  sharedFilter,
  agentSubscriptions,
  controllerSubscriptions,
  isUnderDevicePrefix,
  mayDevicePublish,
  mayDeviceSubscribe,
} from './topics.js';
export type { TopicAddress, TopicError, TopicErrorCode } from './topics.js';

export {
  TimestampSchema,
  CountSchema,
  NanoCpusSchema,
  ContentHashSchema,
  ContainerIdSchema,
  ReasonSchema,
  ServiceRefSchema,
  HealthSchema,
  ResourceAmountsSchema,
  CapDriftSchema,
} from './messages/common.js';
export type { ServiceRef, Health, ResourceAmounts, CapDrift } from './messages/common.js';

export { AppManifestSchema, CapsSchema } from './messages/app-manifest.js';

export {
  GatewaySettingsSchema,
  DesiredAppSchema,
  DesiredStateSchema,
  compareDesired,
} from './messages/desired.js';
export type { GatewaySettings, DesiredApp, DesiredState, DesiredOrder } from './messages/desired.js';

export {
  ServiceStateSchema,
  CapsStatusSchema,
  LastErrorSchema,
  ServiceStatusSchema,
  AppStateSchema,
  AppStatusSchema,
  TargetProgressSchema,
  GatewayResourcesSchema,
  ReportedStateSchema,
} from './messages/reported.js';
export type {
  ServiceState,
  CapsStatus,
  LastError,
  ServiceStatus,
  AppState,
  AppStatus,
  TargetProgress,
  GatewayResources,
  ReportedState,
} from './messages/reported.js';

export { PlatformSchema, StatusSchema } from './messages/status.js';
export type { Platform, Status } from './messages/status.js';

export { MAX_EVENTS_PER_BATCH, EVENT_DETAILS, EVENT_TYPES, EventSchema, EventBatchSchema } from './messages/events.js';
export type { EventType, GantryEvent, EventOf, EventBatch } from './messages/events.js';

export {
  BlkioSchema,
  ServiceUsageSchema,
  GatewayUsageSchema,
  TelemetrySampleSchema,
  TelemetryBatchSchema,
} from './messages/telemetry.js';
export type { Blkio, ServiceUsage, GatewayUsage, TelemetrySample, TelemetryBatch } from './messages/telemetry.js';

export { TimeoutMsSchema, MAX_LOG_TAIL, COMMAND_TYPES, CommandTypeSchema, CommandSchema } from './messages/commands.js';
export type { Command, CommandType } from './messages/commands.js';

export {
  LogLineSchema,
  DiagnosticCheckSchema,
  CommandPayloadSchema,
  CommandErrorCodeSchema,
  CommandResultSchema,
} from './messages/command-results.js';
export type { LogLine, DiagnosticCheck, CommandPayload, CommandErrorCode, CommandResult } from './messages/command-results.js';

export { BODY_SCHEMAS, EnvelopeHeadSchema, MessageSchema, MESSAGE_SCHEMAS, createEnvelope, createMessage } from './envelope.js';
export type {
  BodyOf,
  EnvelopeHead,
  MessageOf,
  Message,
  EnvelopeOptions,
  DesiredMessage,
  ReportedMessage,
  StatusMessage,
  EventsMessage,
  TelemetryMessage,
  CommandMessage,
  CommandResultMessage,
} from './envelope.js';

export { isoTimestamp } from './timestamp.js';

export { formatPath } from './issues.js';
export type { ProtocolIssue } from './issues.js';

export { DEFAULT_MAX_PAYLOAD_BYTES, ValidatedBody, encode, encodeWithBody, validateBody, decode, decodeMessage, decodeFromTopic } from './codec.js';
export { KnownDesiredDocuments } from './known-desired.js';
export type { CodecOptions, EncodeOptions, ProtocolErrorCode, ProtocolError, RoutedMessage } from './codec.js';

export { ENROLL_PATH, LabelsSchema, EnrollRequestSchema, EnrollResponseSchema } from './enrollment.js';
export type { EnrollRequest, EnrollResponse } from './enrollment.js';
