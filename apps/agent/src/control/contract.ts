import * as z from 'zod/mini';

/*
 * The agent daemon's local control API: HTTP over a unix socket owned by root
 * (`<dataDir>/agent.sock`), spoken by the `gantry-agent` CLI. Bodies are JSON validated
 * by these schemas on both sides.
 */

const HealthSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('healthy') }),
  z.object({ state: z.literal('progressing'), reason: z.string() }),
  z.object({ state: z.literal('failed'), reason: z.string() }),
]);

/** Resources as numbers the CLI formats. */
const AmountsSchema = z.object({ memoryBytes: z.number(), nanoCpus: z.number(), pids: z.optional(z.number()) });

/** One app as `status` shows it. */
export const AppStatusRowSchema = z.object({
  appId: z.string(),
  name: z.string(),
  releaseId: z.string(),
  /** The release the target names; differs from `releaseId` after a rollback. */
  targetReleaseId: z.string(),
  lastGoodReleaseId: z.nullable(z.string()),
  health: z.nullable(HealthSchema),
  rolledBack: z.nullable(z.object({ releaseId: z.string(), toReleaseId: z.string(), reason: z.string(), at: z.string() })),
  services: z.number(),
});

/** The cloud connection as `status` shows it; absent or null in local mode (not enrolled). */
export const CloudStatusSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  controllerUrl: z.string(),
  connection: z.enum(['connected', 'connecting', 'disconnected']),
  /** The broker URL of the connection that is up; null when none is. */
  brokerUrl: z.nullable(z.string()),
  /** When the broker last acknowledged something the gateway sent (report, events, status). */
  lastSyncAt: z.nullable(z.string()),
  /** When the connection last changed between up and down; null before the first attempt ended. */
  since: z.nullable(z.string()),
  /** Events waiting in the outbox for the cloud. */
  pendingEvents: z.number(),
});
/** The cloud connection as `status` shows it. */
export type CloudStatus = z.infer<typeof CloudStatusSchema>;

/** `GET /v1/status`. */
export const StatusResponseSchema = z.object({
  agentVersion: z.string(),
  dataDir: z.string(),
  docker: z.object({ version: z.string(), cgroup: z.string() }),
  target: z.nullable(z.object({ source: z.enum(['cloud', 'local']), version: z.number(), hash: z.string(), receivedAt: z.string() })),
  apps: z.array(AppStatusRowSchema),
  capacity: AmountsSchema,
  allocatable: AmountsSchema,
  lastReconcile: z.nullable(z.object({ at: z.string(), steps: z.optional(z.number()), waiting: z.optional(z.array(z.string())), error: z.optional(z.string()) })),
  cloud: z.optional(z.nullable(CloudStatusSchema)),
});
/** `GET /v1/status`. */
export type StatusResponse = z.infer<typeof StatusResponseSchema>;

/** One service as `ps` shows it. Usage figures are null when unknown (not running, or unreadable). */
export const PsRowSchema = z.object({
  appId: z.string(),
  service: z.string(),
  containerId: z.string(),
  state: z.string(),
  health: z.string(),
  releaseId: z.string(),
  restarts: z.number(),
  memoryBytes: z.nullable(z.number()),
  memoryLimitBytes: z.nullable(z.number()),
  /** CPU used, averaged over the last sampling interval, in nano-CPUs. */
  cpuNanoCpus: z.nullable(z.number()),
  cpuLimitNanoCpus: z.nullable(z.number()),
  /** Whether reading the cgroup files back agreed with the caps applied. */
  caps: z.enum(['verified', 'drift', 'unsupported', 'unverified']),
  capsDetail: z.array(z.string()),
});
/** One row of `ps`. */
export type PsRow = z.infer<typeof PsRowSchema>;

/** `GET /v1/ps`. */
export const PsResponseSchema = z.object({ services: z.array(PsRowSchema) });
/** `GET /v1/ps`. */
export type PsResponse = z.infer<typeof PsResponseSchema>;

/** `POST /v1/apply`: a manifest in local mode. */
export const ApplyRequestSchema = z.object({
  manifest: z.string().check(z.minLength(1), z.maxLength(1_048_576)),
  /** `compose` imports a docker-compose file; otherwise Gantry's own YAML or JSON. */
  format: z._default(z.enum(['yaml', 'json', 'compose']), 'yaml'),
  /** App name for a compose file (compose files have no name of their own). */
  name: z.optional(z.string()),
});
/** `POST /v1/apply`. */
export type ApplyRequest = z.input<typeof ApplyRequestSchema>;

/** One issue with a manifest, pointing at the field and line. */
export const IssueSchema = z.object({ path: z.string(), message: z.string(), line: z.optional(z.number()) });

/**
 * `POST /v1/apply` answers with newline-delimited JSON: progress while the release is
 * applied, then one final line (`done`, `invalid` or `refused`).
 */
export const ApplyLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accepted'), appId: z.string(), releaseId: z.string(), unchanged: z.boolean(), warnings: z.array(IssueSchema) }),
  z.object({
    type: z.literal('pull'),
    image: z.string(),
    currentBytes: z.number(),
    totalBytes: z.number(),
    layersDone: z.number(),
    layersTotal: z.number(),
    status: z.string(),
  }),
  z.object({ type: z.literal('step'), action: z.string(), service: z.optional(z.string()), reason: z.string() }),
  z.object({ type: z.literal('done'), health: HealthSchema, rolledBack: z.boolean() }),
  z.object({ type: z.literal('invalid'), issues: z.array(IssueSchema), warnings: z.array(IssueSchema) }),
  z.object({ type: z.literal('refused'), reasons: z.array(z.string()) }),
]);
/** One line of the `apply` answer. */
export type ApplyLine = z.infer<typeof ApplyLineSchema>;

/** `POST /v1/rollback`. */
export const RollbackRequestSchema = z.object({ app: z.optional(z.string()) });
/** `POST /v1/rollback` answer: the apps rolled back (empty when none had an older good release). */
export const RollbackResponseSchema = z.object({ rolledBack: z.array(z.string()) });

/**
 * `GET /v1/logs?app=&service=&tail=&follow=1`: newline-delimited JSON of
 * `{stream, at, text}` until the service's output ends or the client goes away.
 */
export const LogLineSchema = z.object({ stream: z.enum(['stdout', 'stderr']), at: z.nullable(z.string()), text: z.string() });

/** Every error answer: a code for scripts and a message for people. */
export const ErrorResponseSchema = z.object({ error: z.string(), message: z.string() });
