// The pure mapping from a create step to Docker's create options. Everything Docker needs
// is in the step except one fact: the id of another service's container, for
// `networkMode: service:<name>`, which the runtime looks up and passes in.
import type { CreateStep } from '@gantry/agent-core';
import type { Healthcheck, PortSpec, ServiceSpec, VolumeMount } from '@gantry/app-spec';
import type Docker from 'dockerode';
import { capsHostConfig } from './caps-config.js';
import { Ownership } from './labels.js';

const NS_PER_MS = 1_000_000;

/** The service a `service:<name>` network mode borrows its network from, or null for other modes. */
export function networkPeer(networkMode: string): string | null {
  return networkMode.startsWith('service:') ? networkMode.slice('service:'.length) : null;
}

/**
 * Docker create options for a step's container. `peerContainerId` is the id of the
 * container whose network a `service:<name>` network mode joins; other modes ignore it.
 */
export function containerCreateOptions(step: CreateStep, peerContainerId: string | null = null, owner = new Ownership()): Docker.ContainerCreateOptions {
  const { spec } = step;
  const network = networkSettings(step, peerContainerId, owner);
  return {
    name: owner.containerName(step.name),
    Image: spec.image,
    Cmd: spec.command ?? undefined,
    Entrypoint: spec.entrypoint ?? undefined,
    Env: envList(spec.env),
    WorkingDir: spec.workingDir ?? undefined,
    User: spec.user ?? undefined,
    Hostname: spec.hostname ?? undefined,
    Labels: owner.containerLabels(step),
    Tty: spec.tty,
    StopSignal: spec.stopSignal ?? undefined,
    // Docker takes whole seconds; rounding up never cuts a grace period short.
    StopTimeout: Math.ceil(spec.stopGracePeriodMs / 1000),
    Healthcheck: spec.healthcheck === null ? undefined : healthConfig(spec.healthcheck),
    ExposedPorts: exposedPorts(spec.ports),
    NetworkingConfig: network.networkingConfig,
    HostConfig: {
      NetworkMode: network.mode,
      PortBindings: portBindings(spec.ports),
      Mounts: spec.volumes.map((mount) => mountConfig(step.appId, mount, owner)),
      Devices: spec.devices.map((d) => ({ PathOnHost: d.hostPath, PathInContainer: d.containerPath, CgroupPermissions: d.permissions })),
      DeviceCgroupRules: spec.deviceCgroupRules,
      GroupAdd: spec.groupAdd,
      RestartPolicy: { Name: spec.restart.policy, MaximumRetryCount: spec.restart.maxRetries },
      ExtraHosts: spec.extraHosts,
      Sysctls: spec.sysctls,
      ReadonlyRootfs: spec.readOnlyRootfs,
      CapAdd: spec.capAdd,
      CapDrop: spec.capDrop,
      Privileged: spec.privileged,
      // Docker's empty PidMode is a private PID namespace.
      PidMode: spec.pidMode === 'private' ? '' : spec.pidMode,
      IpcMode: spec.ipcMode,
      SecurityOpt: spec.securityOpt,
      // Explicit, so a daemon configured with `init: true` does not change what the spec says.
      Init: spec.init,
      ShmSize: spec.shmSizeBytes ?? undefined,
      LogConfig: spec.logging === null ? undefined : { Type: spec.logging.driver, Config: spec.logging.options },
      ...capsHostConfig(spec.resources),
    },
  };
}

/** `KEY=VALUE` entries sorted by key, so equal specs give byte-equal create options. */
function envList(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
}

function healthConfig(check: Healthcheck): Docker.HealthConfig {
  return {
    Test: check.test,
    Interval: check.intervalMs * NS_PER_MS,
    Timeout: check.timeoutMs * NS_PER_MS,
    Retries: check.retries,
    StartPeriod: check.startPeriodMs * NS_PER_MS,
    // API 1.44+; older engines (20.10 speaks 1.41) ignore the field.
    StartInterval: check.startIntervalMs * NS_PER_MS,
  };
}

function portKey(port: PortSpec): string {
  return `${port.target}/${port.protocol}`;
}

function exposedPorts(ports: readonly PortSpec[]): Record<string, Record<string, never>> {
  return Object.fromEntries(ports.map((port) => [portKey(port), {}]));
}

/** One binding per spec entry; a target published on several addresses gets several. */
function portBindings(ports: readonly PortSpec[]): Record<string, { HostIp: string; HostPort: string }[]> {
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of ports) {
    // Empty HostIp binds every address; empty HostPort lets Docker pick one.
    const binding = { HostIp: port.hostIp ?? '', HostPort: port.published === null ? '' : String(port.published) };
    (bindings[portKey(port)] ??= []).push(binding);
  }
  return bindings;
}

function mountConfig(appId: string, mount: VolumeMount, owner: Ownership): Docker.MountSettings {
  switch (mount.type) {
    case 'volume':
      return {
        Type: 'volume',
        // An empty source asks Docker for an anonymous volume, removed with the container.
        Source: mount.source === null ? '' : owner.volumeName(appId, mount.source),
        Target: mount.target,
        ReadOnly: mount.readOnly,
        // An empty driver name keeps the volume's own driver (set when it was created).
        VolumeOptions: mount.noCopy ? { NoCopy: true, Labels: {}, DriverConfig: { Name: '', Options: {} } } : undefined,
      };
    case 'bind':
      return { Type: 'bind', Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly };
    case 'tmpfs':
      return {
        Type: 'tmpfs',
        Source: '',
        Target: mount.target,
        // Docker reads 0 as "not set" for both: the kernel's default size and mode 1777.
        TmpfsOptions:
          mount.sizeBytes === null && mount.mode === null ? undefined : { SizeBytes: mount.sizeBytes ?? 0, Mode: mount.mode ?? 0 },
      };
  }
}

interface NetworkSettings {
  mode: string;
  networkingConfig: Docker.ContainerCreateOptions['NetworkingConfig'];
}

function networkSettings(step: CreateStep, peerContainerId: string | null, owner: Ownership): NetworkSettings {
  const mode: ServiceSpec['networkMode'] = step.spec.networkMode;
  if (mode === 'app') {
    const network = owner.networkName(step.appId);
    // The alias is what lets the app's other services reach this one by its service name.
    return { mode: network, networkingConfig: { EndpointsConfig: { [network]: { Aliases: [step.service] } } } };
  }
  const peer = networkPeer(mode);
  if (peer === null) return { mode, networkingConfig: undefined };
  if (peerContainerId === null) {
    throw new Error(
      `service ${step.service} of app ${step.appId} shares the network of service ${peer}, ` +
        `which has no container yet; create ${peer} first`,
    );
  }
  return { mode: `container:${peerContainerId}`, networkingConfig: undefined };
}
