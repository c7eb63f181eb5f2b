import * as z from 'zod/mini';
import {
  AbsolutePathSchema,
  CapabilitySchema,
  EnvNameSchema,
  ImageSchema,
  IpAddressSchema,
  LabelKeySchema,
  MillisecondsSchema,
  PortNumberSchema,
  ServiceNameSchema,
  VolumeNameSchema,
} from './primitives.js';
import { ResourceCapsSchema } from './resources.js';

/** A published or exposed port (HostConfig.PortBindings); ranges are expanded to one entry per port. */
export const PortSpecSchema = z.strictObject({
  /** Port inside the container. */
  target: PortNumberSchema,
  /** Port on the gateway, or null for one Docker picks. */
  published: z._default(z.nullable(PortNumberSchema), null),
  /** Transport protocol. */
  protocol: z._default(z.enum(['tcp', 'udp', 'sctp']), 'tcp'),
  /** Gateway address to bind to, or null for all addresses. */
  hostIp: z._default(z.nullable(IpAddressSchema), null),
});

/** A mount into the container: a named volume, a host bind (policy-checked) or a tmpfs. */
export const VolumeMountSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('volume'),
    /** Named volume, or null for an anonymous one. */
    source: z._default(z.nullable(VolumeNameSchema), null),
    target: AbsolutePathSchema,
    readOnly: z._default(z.boolean(), false),
    /** Do not copy the image's files into a new volume. */
    noCopy: z._default(z.boolean(), false),
  }),
  z.strictObject({
    type: z.literal('bind'),
    /** Absolute path on the gateway; a gateway policy decides whether it may be mounted. */
    source: AbsolutePathSchema,
    target: AbsolutePathSchema,
    readOnly: z._default(z.boolean(), false),
  }),
  z.strictObject({
    type: z.literal('tmpfs'),
    target: AbsolutePathSchema,
    /** Size cap of the tmpfs in bytes, or null for the kernel default (half of RAM). */
    sizeBytes: z._default(z.nullable(z.int().check(z.gte(1))), null),
    /** File mode of the mount point, e.g. 0o1777. */
    mode: z._default(z.nullable(z.int().check(z.gte(0), z.lte(0o7777))), null),
  }),
]);

/** A device node of the gateway passed into the container (HostConfig.Devices). */
export const DeviceMappingSchema = z.strictObject({
  /** Device on the gateway, e.g. /dev/ttyUSB0. */
  hostPath: AbsolutePathSchema,
  /** Path in the container. */
  containerPath: AbsolutePathSchema,
  /** Cgroup permissions: some of r (read), w (write), m (mknod), in that order. */
  permissions: z._default(
    z.string().check(z.regex(/^(?!.*(.).*\1)[rwm]{1,3}$/, 'permissions are some of r, w, m (e.g. rw or rwm)')),
    'rwm',
  ),
});

/** Restart policy (HostConfig.RestartPolicy). */
export const RestartPolicySchema = z
  .strictObject({
    policy: z._default(z.enum(['no', 'always', 'on-failure', 'unless-stopped']), 'no'),
    /** Retries for on-failure; 0 means no limit. */
    maxRetries: z._default(z.int().check(z.gte(0)), 0),
  })
  .check(
    z.refine((r) => r.maxRetries === 0 || r.policy === 'on-failure', {
      message: 'a maximum retry count only applies to the on-failure policy',
      path: ['maxRetries'],
    }),
  );

/** A health check (Config.Healthcheck), durations in milliseconds. */
export const HealthcheckSchema = z.strictObject({
  /**
   * `["CMD", ...]`, `["CMD-SHELL", "..."]`, `["NONE"]` to disable the image's check, or `[]` to
   * keep the image's test with these timings (as Docker's API reads an empty Test).
   */
  test: z.array(z.string()).check(
    z.refine((t) => t.length === 0 || ['CMD', 'CMD-SHELL', 'NONE'].includes(t[0] ?? ''), {
      message: 'a health check test starts with CMD, CMD-SHELL or NONE',
    }),
    z.refine((t) => t[0] !== 'CMD-SHELL' || t.length === 2, { message: 'CMD-SHELL takes exactly one command string' }),
    z.refine((t) => t[0] !== 'NONE' || t.length === 1, { message: 'NONE takes no arguments' }),
    z.refine((t) => t[0] !== 'CMD' || t.length >= 2, { message: 'CMD needs a command to run' }),
  ),
  intervalMs: z._default(MillisecondsSchema, 30_000),
  timeoutMs: z._default(MillisecondsSchema, 30_000),
  retries: z._default(z.int().check(z.gte(0)), 3),
  startPeriodMs: z._default(MillisecondsSchema, 0),
  startIntervalMs: z._default(MillisecondsSchema, 5_000),
});

/** How a service waits for one it depends on. */
export const DependencySchema = z.strictObject({
  condition: z._default(
    z.enum(['service_started', 'service_healthy', 'service_completed_successfully']),
    'service_started',
  ),
});

/** Log driver and options (HostConfig.LogConfig); gateways on flash want bounded logs. */
export const LoggingSchema = z.strictObject({
  driver: z.string().check(z.minLength(1)),
  options: z._default(z.record(z.string(), z.string()), {}),
});

/** Network mode: the app's own network, the gateway's, none, Docker's bridge, or another service's. */
export const NetworkModeSchema = z
  .string()
  .check(
    z.regex(
      /^(app|host|none|bridge|service:[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62})$/,
      'must be app, host, none, bridge or service:<name>',
    ),
  );

const nonEmpty = () => z.string().check(z.minLength(1));
const list = <T extends z.core.$ZodType>(item: T) => z._default(z.array(item), []);

/** One service of an app, in canonical form. */
export const ServiceSpecSchema = z.strictObject({
  image: ImageSchema,
  /** Replaces the image's CMD; null keeps it. */
  command: z._default(z.nullable(z.array(z.string())), null),
  /** Replaces the image's ENTRYPOINT; null keeps it. */
  entrypoint: z._default(z.nullable(z.array(z.string())), null),
  workingDir: z._default(z.nullable(AbsolutePathSchema), null),
  /** `user[:group]` by name or id; null keeps the image's. */
  user: z._default(z.nullable(nonEmpty()), null),
  hostname: z._default(z.nullable(nonEmpty()), null),
  env: z._default(z.record(EnvNameSchema, z.string()), {}),
  labels: z._default(z.record(LabelKeySchema, z.string()), {}),
  ports: list(PortSpecSchema),
  volumes: list(VolumeMountSchema),
  devices: list(DeviceMappingSchema),
  /** Device cgroup rules such as `c 188:* rmw` (for hot-plugged USB serial devices). */
  deviceCgroupRules: list(
    z.string().check(z.regex(/^[abc] (\d+|\*):(\d+|\*) [rwm]{1,3}$/, 'must be a rule such as "c 188:* rmw"')),
  ),
  /** Extra groups for the container's user, e.g. dialout for serial ports. */
  groupAdd: list(nonEmpty()),
  restart: z.prefault(RestartPolicySchema, {}),
  /** null keeps the image's own health check. */
  healthcheck: z._default(z.nullable(HealthcheckSchema), null),
  dependsOn: z._default(z.record(ServiceNameSchema, DependencySchema), {}),
  networkMode: z._default(NetworkModeSchema, 'app'),
  /** `host:ip` entries added to /etc/hosts. */
  extraHosts: list(z.string().check(z.regex(/^[^:\s]+:\S+$/, 'must be host:ip'))),
  sysctls: z._default(z.record(nonEmpty(), z.string()), {}),
  readOnlyRootfs: z._default(z.boolean(), false),
  capAdd: list(CapabilitySchema),
  capDrop: list(CapabilitySchema),
  privileged: z._default(z.boolean(), false),
  pidMode: z._default(z.enum(['private', 'host']), 'private'),
  ipcMode: z._default(z.enum(['private', 'shareable', 'host']), 'private'),
  securityOpt: list(nonEmpty()),
  /** Run an init process as PID 1 to reap zombies. */
  init: z._default(z.boolean(), false),
  tty: z._default(z.boolean(), false),
  stopSignal: z._default(
    z.nullable(z.string().check(z.regex(/^(SIG[A-Z0-9+-]+|\d+)$/, 'must be a signal such as SIGTERM'))),
    null,
  ),
  stopGracePeriodMs: z._default(MillisecondsSchema, 10_000),
  /** Size of /dev/shm in bytes; null keeps Docker's 64 MiB. */
  shmSizeBytes: z._default(z.nullable(z.int().check(z.gte(1))), null),
  logging: z._default(z.nullable(LoggingSchema), null),
  resources: z.prefault(ResourceCapsSchema, {}),
});

/** One service of an app, in canonical form. */
export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;
/** A published or exposed port. */
export type PortSpec = z.infer<typeof PortSpecSchema>;
/** A mount into a container. */
export type VolumeMount = z.infer<typeof VolumeMountSchema>;
/** A device passed into a container. */
export type DeviceMapping = z.infer<typeof DeviceMappingSchema>;
/** A restart policy. */
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;
/** A health check. */
export type Healthcheck = z.infer<typeof HealthcheckSchema>;
/** A dependency on another service. */
export type Dependency = z.infer<typeof DependencySchema>;
/** Log driver settings. */
export type Logging = z.infer<typeof LoggingSchema>;
