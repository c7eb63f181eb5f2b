import { AppSpecSchema, ResourceCapsSchema, type AppSpec, type ResourceCaps } from '@gantry/app-spec';
import fc from 'fast-check';
import {
  AppStateSchema,
  COMMAND_TYPES,
  CommandErrorCodeSchema,
  ServiceStateSchema,
  TargetProgressSchema,
  type AppStatus,
  type BodyOf,
  type CapsStatus,
  type Command,
  type CommandResult,
  type DesiredApp,
  type DesiredState,
  type GatewaySettings,
  type LastError,
  type Message,
  type MessageKind,
  type MessageOf,
  type ReportedState,
  type ResourceAmounts,
  type ServiceStatus,
  type Status,
  type TelemetryBatch,
  type TelemetrySample,
  type TopicAddress,
} from '../src/index.js';
import { eventBatchArb } from './event-arbitraries.js';
import {
  appId,
  code,
  containerId,
  contentHash,
  count,
  deviceIdArb,
  dict,
  drift,
  health,
  positive,
  releaseId,
  requestIdArb,
  serviceName,
  text,
  timestampArb,
} from './primitive-arbitraries.js';

export { eventBatchArb } from './event-arbitraries.js';
export { deviceIdArb, requestIdArb, timestampArb } from './primitive-arbitraries.js';

/*
 * fast-check arbitraries for every message kind. They produce only valid messages, so
 * a property failure means the codec lost or changed something, never that the
 * generator was sloppy.
 */

/** A topic address of any kind. */
export const topicAddressArb: fc.Arbitrary<TopicAddress> = fc.oneof(
  fc.record({ kind: fc.constantFrom('desired' as const, 'reported' as const, 'status' as const, 'events' as const, 'telemetry' as const), deviceId: deviceIdArb }),
  fc.record({ kind: fc.constantFrom('cmd' as const, 'cmd-res' as const), deviceId: deviceIdArb, requestId: requestIdArb }),
);

// Manifests come from app-spec's own parser, so they are canonical by construction.
const manifest: fc.Arbitrary<AppSpec> = fc
  .record({
    name: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
    services: dict(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
      fc.record({
        image: fc.constantFrom('registry.local:5000/acme/web:1.0', 'busybox:1.36', 'acme/sensor:2025.03'),
        env: dict(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/), fc.string({ unit: 'binary', maxLength: 40 }), 3),
        resources: fc.record({
          memoryBytes: fc.option(fc.integer({ min: 1 << 20, max: 2 ** 36 }), { nil: null }),
          nanoCpus: fc.option(fc.integer({ min: 1, max: 64_000_000_000 }), { nil: null }),
          pidsLimit: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
        }),
      }),
      3,
      1,
    ),
  })
  .map((input) => AppSpecSchema.parse(input));

const caps: fc.Arbitrary<ResourceCaps> = fc
  .record({
    memoryBytes: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: null }),
    nanoCpus: fc.option(fc.integer({ min: 1, max: 64_000_000_000 }), { nil: null }),
    cpusetCpus: fc.option(fc.constantFrom('0', '0-3', '0,2'), { nil: null }),
  })
  .map((input) => ResourceCapsSchema.parse(input));

const resources: fc.Arbitrary<ResourceAmounts> = fc.record(
  { nanoCpus: count, memoryBytes: count, pids: count, storageBytes: count },
  { requiredKeys: ['nanoCpus', 'memoryBytes'] },
);

const settings: fc.Arbitrary<GatewaySettings> = fc.record(
  {
    policy: fc.record({
      allowPrivileged: fc.boolean(),
      allowHostNetwork: fc.boolean(),
      allowHostPid: fc.boolean(),
      allowHostIpc: fc.boolean(),
      allowHostBinds: fc.array(fc.stringMatching(/^\/[a-z0-9_-]{1,12}(\/[a-z0-9_-]{1,12}){0,2}$/), { maxLength: 3 }),
      allowDevices: fc.oneof(fc.boolean(), fc.array(fc.constantFrom('/dev/ttyUSB0', '/dev/ttyACM*', '/dev/i2c-1'), { maxLength: 2 })),
      allowCapabilities: fc.array(fc.constantFrom('NET_ADMIN', 'SYS_TIME'), { maxLength: 2 }),
      allowUncapped: fc.boolean(),
    }),
    reserve: fc.record({ nanoCpus: count, memoryBytes: count, pids: count }, { requiredKeys: [] }),
    reportIntervalMs: fc.integer({ min: 1_000, max: 86_400_000 }),
    telemetryIntervalMs: fc.integer({ min: 1_000, max: 86_400_000 }),
    resyncIntervalMs: fc.integer({ min: 1_000, max: 86_400_000 }),
  },
  { requiredKeys: [] },
);

const desiredApp: fc.Arbitrary<DesiredApp> = fc.record(
  { releaseId, manifest, healthyWithinMs: fc.integer({ min: 1_000, max: 86_400_000 }) },
  { requiredKeys: ['releaseId', 'manifest'] },
);

/** A valid `desired` body. */
export const desiredStateArb: fc.Arbitrary<DesiredState> = fc.record(
  { version: positive, hash: contentHash, apps: dict(appId, desiredApp, 3), settings },
  { requiredKeys: ['version', 'hash', 'apps'] },
);

const capsStatus: fc.Arbitrary<CapsStatus> = fc.record(
  {
    applied: caps,
    verification: fc.constantFrom('verified' as const, 'drift' as const, 'unverified' as const, 'unsupported' as const),
    checkedAt: timestampArb,
    drift: fc.array(drift, { maxLength: 3 }),
  },
  { requiredKeys: ['applied', 'verification', 'drift'] },
);

const lastError: fc.Arbitrary<LastError> = fc.record({ code, message: text(2048), at: timestampArb });

const serviceStatus: fc.Arbitrary<ServiceStatus> = fc.record(
  {
    state: fc.constantFrom(...ServiceStateSchema.options),
    health,
    releaseId,
    containerId: fc.option(containerId, { nil: null }),
    restartCount: count,
    exitCode: fc.option(fc.integer({ min: -255, max: 255 }), { nil: null }),
    startedAt: timestampArb,
    caps: fc.option(capsStatus, { nil: null }),
    lastError: fc.option(lastError, { nil: null }),
  },
  { requiredKeys: ['state', 'health', 'releaseId', 'containerId', 'restartCount', 'caps', 'lastError'] },
);

const appStatus: fc.Arbitrary<AppStatus> = fc.record({
  state: fc.constantFrom(...AppStateSchema.options),
  releaseId: fc.option(releaseId, { nil: null }),
  lastGoodReleaseId: fc.option(releaseId, { nil: null }),
  services: dict(serviceName, serviceStatus, 3),
});

/** A valid `reported` body. */
export const reportedStateArb: fc.Arbitrary<ReportedState> = fc.record({
  ackedVersion: count,
  ackedHash: fc.option(contentHash, { nil: null }),
  target: fc.record(
    { version: count, state: fc.constantFrom(...TargetProgressSchema.shape.state.options), reason: text(2048) },
    { requiredKeys: ['version', 'state'] },
  ),
  apps: dict(appId, appStatus, 3),
  gateway: fc.record({ allocatable: resources, capacity: resources }, { requiredKeys: ['allocatable'] }),
});

/** A valid `status` body. */
export const statusArb: fc.Arbitrary<Status> = fc.record(
  {
    state: fc.constantFrom('online' as const, 'offline' as const),
    agentVersion: fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map((parts) => parts.join('.')),
    bootId: fc.uuid(),
    reason: fc.constantFrom('shutdown' as const, 'connection-lost' as const),
    platform: fc.record(
      {
        os: fc.constantFrom('linux'),
        arch: fc.constantFrom('arm64', 'amd64', 'arm'),
        cgroupVersion: fc.constantFrom(1 as const, 2 as const),
        dockerVersion: fc.constantFrom('26.1.5', '20.10.24'),
      },
      { requiredKeys: ['os', 'arch', 'cgroupVersion'] },
    ),
  },
  { requiredKeys: ['state', 'agentVersion', 'bootId'] },
);

const usage = {
  cpuNanoCpus: count,
  memoryBytes: count,
  pids: count,
  blkio: fc.record({ readBytes: count, writeBytes: count }),
};

const sample: fc.Arbitrary<TelemetrySample> = fc.record(
  {
    ts: timestampArb,
    gateway: fc.record({ ...usage, memoryTotalBytes: count, storageFreeBytes: count }, { requiredKeys: ['cpuNanoCpus', 'memoryBytes', 'pids', 'blkio', 'memoryTotalBytes'] }),
    services: fc.array(fc.record({ app: appId, service: serviceName, ...usage, memoryLimitBytes: fc.option(count, { nil: null }) }), { maxLength: 4 }),
  },
  { requiredKeys: ['ts', 'services'] },
);

/** A valid `telemetry` body, samples in time order. */
export const telemetryBatchArb: fc.Arbitrary<TelemetryBatch> = fc.record({
  intervalMs: fc.integer({ min: 100, max: 86_400_000 }),
  samples: fc.array(sample, { minLength: 1, maxLength: 5 }).map((samples) => [...samples].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))),
});

const timeoutMs = fc.integer({ min: 100, max: 600_000 });

/** A valid `cmd` body. */
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record(
    { type: fc.constant('logs' as const), app: appId, service: serviceName, tail: fc.integer({ min: 1, max: 10_000 }), since: timestampArb, timeoutMs },
    { requiredKeys: ['type', 'app', 'service', 'tail', 'timeoutMs'] },
  ),
  fc.record({ type: fc.constant('restart' as const), app: appId, service: serviceName, timeoutMs }),
  fc.record({ type: fc.constant('resync' as const), timeoutMs }),
  fc.record({ type: fc.constant('diagnostics' as const), timeoutMs }),
);

/** A valid `cmd-res` body. */
export const commandResultArb: fc.Arbitrary<CommandResult> = fc.oneof(
  fc.record({
    status: fc.constant('ok' as const),
    result: fc.oneof(
      fc.record({
        type: fc.constant('logs' as const),
        lines: fc.array(
          fc.record({ ts: timestampArb, stream: fc.constantFrom('stdout' as const, 'stderr' as const), text: fc.string({ unit: 'binary', maxLength: 200 }) }),
          { maxLength: 10 },
        ),
        isTruncated: fc.boolean(),
      }),
      fc.record({ type: fc.constant('restart' as const), containerId, restartedAt: timestampArb }),
      fc.record({ type: fc.constant('resync' as const), ackedVersion: count, stepsPlanned: count }),
      fc.record({
        type: fc.constant('diagnostics' as const),
        agentVersion: fc.string({ minLength: 1, maxLength: 64 }),
        uptimeMs: count,
        dockerVersion: fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: null }),
        cgroupVersion: fc.constantFrom(1 as const, 2 as const),
        outbox: fc.record({ reported: count, events: count, telemetry: count }),
        checks: fc.array(fc.record({ name: code, isOk: fc.boolean(), detail: text(2048) }, { requiredKeys: ['name', 'isOk'] }), { maxLength: 4 }),
      }),
    ),
  }),
  fc.record(
    {
      status: fc.constant('error' as const),
      type: fc.constantFrom(...COMMAND_TYPES),
      error: fc.record({ code: fc.constantFrom(...CommandErrorCodeSchema.options), message: text(2048) }),
    },
    { requiredKeys: ['status', 'error'] },
  ),
);

/** A valid body of each kind. */
export const BODY_ARBITRARIES: { readonly [K in MessageKind]: fc.Arbitrary<BodyOf<K>> } = {
  desired: desiredStateArb,
  reported: reportedStateArb,
  status: statusArb,
  events: eventBatchArb,
  telemetry: telemetryBatchArb,
  cmd: commandArb,
  'cmd-res': commandResultArb,
};

/** A valid message of `kind`: any envelope around any body, any minor of protocol 1. */
export function messageArb<K extends MessageKind>(kind: K): fc.Arbitrary<MessageOf<K>> {
  return fc
    .record(
      {
        id: requestIdArb,
        parentId: requestIdArb,
        ts: timestampArb,
        deviceId: deviceIdArb,
        protocol: fc.constantFrom('1.0', '1.1', '1.12'),
        body: BODY_ARBITRARIES[kind],
      },
      { requiredKeys: ['id', 'ts', 'deviceId', 'protocol', 'body'] },
    )
    .map((envelope) => ({ ...envelope, kind }));
}

/** A valid message of any kind. */
export const anyMessageArb: fc.Arbitrary<Message> = fc.oneof(
  messageArb('desired'),
  messageArb('reported'),
  messageArb('status'),
  messageArb('events'),
  messageArb('telemetry'),
  messageArb('cmd'),
  messageArb('cmd-res'),
);
