import { z } from 'zod';
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
  published: PortNumberSchema.nullable().default(null),
  /** Transport protocol. */
  protocol: z.enum(['tcp', 'udp', 'sctp']).default('tcp'),
  /** Gateway address to bind to, or null for all addresses. */
  hostIp: IpAddressSchema.nullable().default(null),
});

/** A mount into the container: a named volume, a host bind (policy-checked) or a tmpfs. */
export const VolumeMountSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('volume'),
    /** Named volume, or null for an anonymous one. */
    source: VolumeNameSchema.nullable().default(null),
    target: AbsolutePathSchema,
    readOnly: z.boolean().default(false),
    /** Do not copy the image's files into a new volume. */
    noCopy: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal('bind'),
    /** Absolute path on the gateway; a gateway policy decides whether it may be mounted. */
    source: AbsolutePathSchema,
    target: AbsolutePathSchema,
    readOnly: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal('tmpfs'),
    target: AbsolutePathSchema,
    /** Size cap of the tmpfs in bytes, or null for the kernel default (half of RAM). */
    sizeBytes: z.int().min(1).nullable().default(null),
    /** File mode of the mount point, e.g. 0o1777. */
    mode: z.int().min(0).max(0o7777).nullable().default(null),
  }),
]);

/** A device node of the gateway passed into the container (HostConfig.Devices). */
export const DeviceMappingSchema = z.strictObject({
  /** Device on the gateway, e.g. /dev/ttyUSB0. */
  hostPath: AbsolutePathSchema,
  /** Path in the container. */
  containerPath: AbsolutePathSchema,
  /** Cgroup permissions: some of r (read), w (write), m (mknod), in that order. */
  permissions: z.string().regex(/^(?!.*(.).*\1)[rwm]{1,3}$/, 'permissions are some of r, w, m (e.g. rw or rwm)').default('rwm'),
});

/** Restart policy (HostConfig.RestartPolicy). */
export const RestartPolicySchema = z
  .strictObject({
    policy: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).default('no'),
    /** Retries for on-failure; 0 means no limit. */
    maxRetries: z.int().min(0).default(0),
  })
  .refine((r) => r.maxRetries === 0 || r.policy === 'on-failure', {
    message: 'a maximum retry count only applies to the on-failure policy',
    path: ['maxRetries'],
  });

/** A health check (Config.Healthcheck), durations in milliseconds. */
export const HealthcheckSchema = z.strictObject({
  /**
   * `["CMD", ...]`, `["CMD-SHELL", "..."]`, `["NONE"]` to disable the image's check, or `[]` to
   * keep the image's test with these timings (as Docker's API reads an empty Test).
   */
  test: z
    .array(z.string())
    .refine((t) => t.length === 0 || ['CMD', 'CMD-SHELL', 'NONE'].includes(t[0] ?? ''), {
      message: 'a health check test starts with CMD, CMD-SHELL or NONE',
    })
    .refine((t) => t[0] !== 'CMD-SHELL' || t.length === 2, { message: 'CMD-SHELL takes exactly one command string' })
    .refine((t) => t[0] !== 'NONE' || t.length === 1, { message: 'NONE takes no arguments' })
    .refine((t) => t[0] !== 'CMD' || t.length >= 2, { message: 'CMD needs a command to run' }),
  intervalMs: MillisecondsSchema.default(30_000),
  timeoutMs: MillisecondsSchema.default(30_000),
  retries: z.int().min(0).default(3),
  startPeriodMs: MillisecondsSchema.default(0),
  startIntervalMs: MillisecondsSchema.default(5_000),
});

/** How a service waits for one it depends on. */
export const DependencySchema = z.strictObject({
  condition: z
    .enum(['service_started', 'service_healthy', 'service_completed_successfully'])
    .default('service_started'),
});

/** Log driver and options (HostConfig.LogConfig); gateways on flash want bounded logs. */
export const LoggingSchema = z.strictObject({
  driver: z.string().min(1),
  options: z.record(z.string(), z.string()).default({}),
});

/** Network mode: the app's own network, the gateway's, none, Docker's bridge, or another service's. */
export const NetworkModeSchema = z
  .string()
  .regex(
    /^(app|host|none|bridge|service:[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62})$/,
    'must be app, host, none, bridge or service:<name>',
  );

/** One service of an app, in canonical form. */
export const ServiceSpecSchema = z.strictObject({
  image: ImageSchema,
  /** Replaces the image's CMD; null keeps it. */
  command: z.array(z.string()).nullable().default(null),
  /** Replaces the image's ENTRYPOINT; null keeps it. */
  entrypoint: z.array(z.string()).nullable().default(null),
  workingDir: AbsolutePathSchema.nullable().default(null),
  /** `user[:group]` by name or id; null keeps the image's. */
  user: z.string().min(1).nullable().default(null),
  hostname: z.string().min(1).nullable().default(null),
  env: z.record(EnvNameSchema, z.string()).default({}),
  labels: z.record(LabelKeySchema, z.string()).default({}),
  ports: z.array(PortSpecSchema).default([]),
  volumes: z.array(VolumeMountSchema).default([]),
  devices: z.array(DeviceMappingSchema).default([]),
  /** Device cgroup rules such as `c 188:* rmw` (for hot-plugged USB serial devices). */
  deviceCgroupRules: z
    .array(z.string().regex(/^[abc] (\d+|\*):(\d+|\*) [rwm]{1,3}$/, 'must be a rule such as "c 188:* rmw"'))
    .default([]),
  /** Extra groups for the container's user, e.g. dialout for serial ports. */
  groupAdd: z.array(z.string().min(1)).default([]),
  restart: RestartPolicySchema.prefault({}),
  /** null keeps the image's own health check. */
  healthcheck: HealthcheckSchema.nullable().default(null),
  dependsOn: z.record(ServiceNameSchema, DependencySchema).default({}),
  networkMode: NetworkModeSchema.default('app'),
  /** `host:ip` entries added to /etc/hosts. */
  extraHosts: z.array(z.string().regex(/^[^:\s]+:\S+$/, 'must be host:ip')).default([]),
  sysctls: z.record(z.string().min(1), z.string()).default({}),
  readOnlyRootfs: z.boolean().default(false),
  capAdd: z.array(CapabilitySchema).default([]),
  capDrop: z.array(CapabilitySchema).default([]),
  privileged: z.boolean().default(false),
  pidMode: z.enum(['private', 'host']).default('private'),
  ipcMode: z.enum(['private', 'shareable', 'host']).default('private'),
  securityOpt: z.array(z.string().min(1)).default([]),
  /** Run an init process as PID 1 to reap zombies. */
  init: z.boolean().default(false),
  tty: z.boolean().default(false),
  stopSignal: z.string().regex(/^(SIG[A-Z0-9+-]+|\d+)$/, 'must be a signal such as SIGTERM').nullable().default(null),
  stopGracePeriodMs: MillisecondsSchema.default(10_000),
  /** Size of /dev/shm in bytes; null keeps Docker's 64 MiB. */
  shmSizeBytes: z.int().min(1).nullable().default(null),
  logging: LoggingSchema.nullable().default(null),
  resources: ResourceCapsSchema.prefault({}),
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
