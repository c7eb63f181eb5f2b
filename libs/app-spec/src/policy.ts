import * as z from 'zod/mini';
import { deepFreeze, isDeepFrozen } from './deep-freeze.js';
import { normalize } from './normalize.js';
import { isUnderPath, normalizePosixPath } from './paths.js';
import type { AppSpec } from './schema.js';
import { AbsolutePathSchema } from './schema.js';

/** What about a service a gateway's policy may refuse. */
export type PolicyFlagKind =
  | 'privileged'
  | 'hostNetwork'
  | 'hostPid'
  | 'hostIpc'
  | 'capAdd'
  | 'securityOpt'
  | 'hostBind'
  | 'device'
  | 'uncapped';

/** One thing a service asks for that reaches past its container. */
export interface PolicyFlag {
  /** The service asking. */
  service: string;
  /** What kind of access it asks for. */
  flag: PolicyFlagKind;
  /** What exactly: the capability, the path, the missing cap. */
  detail: string;
}

/** A gateway's rules for what manifests may ask for; everything defaults to refused. */
export const GatewayPolicySchema = z.strictObject({
  allowPrivileged: z._default(z.boolean(), false),
  allowHostNetwork: z._default(z.boolean(), false),
  allowHostPid: z._default(z.boolean(), false),
  allowHostIpc: z._default(z.boolean(), false),
  /** Host directories (and everything below them) that may be bind-mounted. */
  allowHostBinds: z._default(z.array(AbsolutePathSchema), []),
  /** true for any device; or device paths, where `/dev/ttyUSB*` matches by prefix. */
  allowDevices: z._default(z.union([z.boolean(), z.array(AbsolutePathSchema)]), false),
  /** Capabilities a service may add (without CAP_), e.g. NET_ADMIN. */
  allowCapabilities: z._default(z.array(z.string()), []),
  /** Whether services without a memory limit and a CPU limit may run. */
  allowUncapped: z._default(z.boolean(), false),
});

/** A gateway's rules for what manifests may ask for. */
export type GatewayPolicy = z.infer<typeof GatewayPolicySchema>;

/** A flag the policy refuses, with a message for the person deploying. */
export interface PolicyViolation extends PolicyFlag {
  /** Plain words: which service, what it asks for, which policy setting refuses it. */
  message: string;
}

// Options that switch off a confinement layer are as strong as privileged mode.
const unconfined = /(^|[=:])unconfined$|^label[=:]disable$/;

function bindSourceOfVolume(spec: AppSpec, name: string): string | undefined {
  const volume = spec.volumes[name];
  if (!volume) return undefined;
  // driver_opts {type: none, o: bind, device: /path} is a host bind in disguise.
  const o = volume.driverOpts.o ?? '';
  const device = volume.driverOpts.device;
  if (volume.driver === 'local' && device !== undefined && /(^|,)r?bind(,|$)/.test(o)) return device;
  return undefined;
}

// A spec frozen deep cannot change: a document shared by every gateway a process holds (the
// simulator's thousands) is normalised and flagged once, not once per gateway.
const flagsOfFrozen = new WeakMap<AppSpec, readonly PolicyFlag[]>();

/**
 * Lists everything each service asks for beyond its own container, for a gateway policy to
 * judge. The flags of a spec frozen with {@link deepFreeze} are worked out once and handed
 * out frozen, in a new list each time.
 */
export function policyFlags(input: AppSpec): PolicyFlag[] {
  if (!isDeepFrozen(input)) return flagsOf(input);
  let flags = flagsOfFrozen.get(input);
  if (flags === undefined) {
    flags = deepFreeze(flagsOf(input));
    flagsOfFrozen.set(input, flags);
  }
  return [...flags];
}

function flagsOf(input: AppSpec): PolicyFlag[] {
  const spec = normalize(input);
  const flags: PolicyFlag[] = [];
  for (const [service, s] of Object.entries(spec.services)) {
    const add = (flag: PolicyFlagKind, detail: string) => flags.push({ service, flag, detail });
    if (s.privileged) add('privileged', 'runs privileged, with full access to the gateway');
    if (s.networkMode === 'host') add('hostNetwork', "uses the gateway's network stack (network_mode: host)");
    if (s.pidMode === 'host') add('hostPid', "sees the gateway's processes (pid: host)");
    if (s.ipcMode === 'host') add('hostIpc', "shares the gateway's IPC namespace (ipc: host)");
    for (const cap of s.capAdd) add('capAdd', cap);
    for (const opt of s.securityOpt) if (unconfined.test(opt)) add('securityOpt', opt);
    for (const mount of s.volumes) {
      if (mount.type === 'bind') add('hostBind', mount.source);
      if (mount.type === 'volume' && mount.source !== null) {
        const source = bindSourceOfVolume(spec, mount.source);
        if (source !== undefined) add('hostBind', normalizePosixPath(source));
      }
    }
    for (const device of s.devices) add('device', device.hostPath);
    for (const rule of s.deviceCgroupRules) add('device', `cgroup rule ${rule}`);
    const caps = s.resources;
    if (caps.memoryBytes === null) add('uncapped', 'no memory limit');
    if (caps.nanoCpus === null && caps.cpusetCpus === null) add('uncapped', 'no CPU limit');
  }
  return flags;
}

function deviceAllowed(path: string, allowed: GatewayPolicy['allowDevices']): boolean {
  if (typeof allowed === 'boolean') return allowed;
  return allowed.some((pattern) =>
    pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : isUnderPath(path, pattern),
  );
}

function violation(flag: PolicyFlag, policy: GatewayPolicy): string | undefined {
  const who = `service '${flag.service}'`;
  switch (flag.flag) {
    case 'privileged':
      return policy.allowPrivileged ? undefined : `${who} runs privileged, which this gateway's policy does not allow (allowPrivileged)`;
    case 'securityOpt':
      return policy.allowPrivileged ? undefined : `${who} turns off confinement (${flag.detail}), which needs allowPrivileged`;
    case 'hostNetwork':
      return policy.allowHostNetwork ? undefined : `${who} uses the host network, which this gateway's policy does not allow (allowHostNetwork)`;
    case 'hostPid':
      return policy.allowHostPid ? undefined : `${who} uses the host PID namespace, which this gateway's policy does not allow (allowHostPid)`;
    case 'hostIpc':
      return policy.allowHostIpc ? undefined : `${who} uses the host IPC namespace, which this gateway's policy does not allow (allowHostIpc)`;
    case 'capAdd': {
      const allowed = policy.allowPrivileged || policy.allowCapabilities.some((c) => c.toUpperCase().replace(/^CAP_/, '') === flag.detail);
      return allowed ? undefined : `${who} adds capability ${flag.detail}, which this gateway's policy does not allow (allowCapabilities)`;
    }
    case 'hostBind': {
      const allowed = policy.allowHostBinds.some((prefix) => isUnderPath(flag.detail, prefix));
      const where = policy.allowHostBinds.length === 0 ? 'no host paths' : `only ${policy.allowHostBinds.join(', ')}`;
      return allowed ? undefined : `${who} mounts host path ${flag.detail}; this gateway's policy allows ${where} (allowHostBinds)`;
    }
    case 'device': {
      const isRule = flag.detail.startsWith('cgroup rule ');
      const allowed = isRule ? policy.allowDevices === true : deviceAllowed(flag.detail, policy.allowDevices);
      return allowed ? undefined : `${who} maps ${isRule ? `devices by ${flag.detail}` : `device ${flag.detail}`}, which this gateway's policy does not allow (allowDevices)`;
    }
    case 'uncapped':
      return policy.allowUncapped ? undefined : `${who} has ${flag.detail}; this gateway runs only capped services (allowUncapped)`;
  }
}

const REFUSE_ALL: GatewayPolicy = deepFreeze(GatewayPolicySchema.parse({}));

/** Checks a spec against a gateway's policy; an empty list means it may run. Unset policy fields refuse. */
export function checkPolicy(spec: AppSpec, policy: Partial<GatewayPolicy> = {}): PolicyViolation[] {
  const full: GatewayPolicy = {
    allowPrivileged: policy.allowPrivileged ?? REFUSE_ALL.allowPrivileged,
    allowHostNetwork: policy.allowHostNetwork ?? REFUSE_ALL.allowHostNetwork,
    allowHostPid: policy.allowHostPid ?? REFUSE_ALL.allowHostPid,
    allowHostIpc: policy.allowHostIpc ?? REFUSE_ALL.allowHostIpc,
    allowHostBinds: policy.allowHostBinds ?? REFUSE_ALL.allowHostBinds,
    allowDevices: policy.allowDevices ?? REFUSE_ALL.allowDevices,
    allowCapabilities: policy.allowCapabilities ?? REFUSE_ALL.allowCapabilities,
    allowUncapped: policy.allowUncapped ?? REFUSE_ALL.allowUncapped,
  };
  const out: PolicyViolation[] = [];
  for (const flag of policyFlags(spec)) {
    const message = violation(flag, full);
    if (message !== undefined) out.push({ ...flag, message });
  }
  return out;
}
