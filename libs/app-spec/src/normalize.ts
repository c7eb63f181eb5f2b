import { canonicalImage } from './image.js';
import { normalizePosixPath } from './paths.js';
import type { AppSpec, VolumeSpec } from './schema.js';
import type { ResourceCaps } from './schema/resources.js';
import type { DeviceMapping, Healthcheck, PortSpec, ServiceSpec, VolumeMount } from './schema/service.js';
import { HealthcheckSchema } from './schema/service.js';

function sortedRecord<T>(record: Record<string, T>, map: (value: T) => T = (v) => v): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value !== undefined) out[key] = map(value);
  }
  return out;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

// Docker and the kernel accept NET_ADMIN, net_admin and CAP_NET_ADMIN alike.
function capability(name: string): string {
  const upper = name.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

function comparePorts(a: PortSpec, b: PortSpec): number {
  return (
    (a.published ?? 0) - (b.published ?? 0) ||
    a.target - b.target ||
    compareText(a.protocol, b.protocol) ||
    compareText(a.hostIp ?? '', b.hostIp ?? '')
  );
}

function ports(list: readonly PortSpec[]): PortSpec[] {
  const unique = new Map<string, PortSpec>();
  for (const port of list) {
    const canonical: PortSpec = {
      target: port.target,
      published: port.published,
      protocol: port.protocol,
      hostIp: port.hostIp === null ? null : port.hostIp.toLowerCase(),
    };
    unique.set(JSON.stringify(canonical), canonical);
  }
  return [...unique.values()].sort(comparePorts);
}

function mount(m: VolumeMount): VolumeMount {
  const target = normalizePosixPath(m.target);
  if (m.type === 'bind') return { ...m, source: normalizePosixPath(m.source), target };
  return { ...m, target };
}

function device(d: DeviceMapping): DeviceMapping {
  const permissions = ['r', 'w', 'm'].filter((p) => d.permissions.includes(p)).join('');
  return { hostPath: normalizePosixPath(d.hostPath), containerPath: normalizePosixPath(d.containerPath), permissions };
}

// A disabled check has no timings that matter, so they are reset to keep the hash stable.
function healthcheck(check: Healthcheck | null): Healthcheck | null {
  if (check === null) return null;
  if (check.test[0] === 'NONE') return HealthcheckSchema.parse({ test: ['NONE'] });
  return { ...check, test: [...check.test] };
}

function byPath<T extends { path: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compareText(a.path, b.path));
}

/** Orders resource caps canonically (devices by path, ulimits by name). */
export function normalizeResources(caps: ResourceCaps): ResourceCaps {
  return {
    ...caps,
    blkioWeightDevice: byPath(caps.blkioWeightDevice),
    deviceReadBps: byPath(caps.deviceReadBps),
    deviceWriteBps: byPath(caps.deviceWriteBps),
    deviceReadIops: byPath(caps.deviceReadIops),
    deviceWriteIops: byPath(caps.deviceWriteIops),
    ulimits: sortedRecord(caps.ulimits, (u) => ({ ...u })),
  };
}

/** Puts one service in canonical form: sorted maps and sets, canonical names; lists whose order matters kept. */
export function normalizeService(service: ServiceSpec): ServiceSpec {
  return {
    ...service,
    image: canonicalImage(service.image),
    command: service.command === null ? null : [...service.command],
    entrypoint: service.entrypoint === null ? null : [...service.entrypoint],
    workingDir: service.workingDir === null ? null : normalizePosixPath(service.workingDir),
    env: sortedRecord(service.env),
    labels: sortedRecord(service.labels),
    ports: ports(service.ports),
    volumes: service.volumes.map(mount).sort((a, b) => compareText(a.target, b.target)),
    devices: service.devices.map(device).sort((a, b) => compareText(a.containerPath, b.containerPath)),
    deviceCgroupRules: sortedUnique(service.deviceCgroupRules),
    groupAdd: sortedUnique(service.groupAdd),
    restart: { ...service.restart },
    healthcheck: healthcheck(service.healthcheck),
    dependsOn: sortedRecord(service.dependsOn, (d) => ({ ...d })),
    extraHosts: sortedUnique(service.extraHosts),
    sysctls: sortedRecord(service.sysctls),
    capAdd: sortedUnique(service.capAdd.map(capability)),
    capDrop: sortedUnique(service.capDrop.map(capability)),
    securityOpt: sortedUnique(service.securityOpt),
    logging: service.logging === null ? null : { driver: service.logging.driver, options: sortedRecord(service.logging.options) },
    resources: normalizeResources(service.resources),
  };
}

function volume(spec: VolumeSpec): VolumeSpec {
  return { driver: spec.driver, driverOpts: sortedRecord(spec.driverOpts), labels: sortedRecord(spec.labels) };
}

/**
 * Puts a valid spec in canonical form, so that two manifests meaning the same app are equal
 * as JSON. Idempotent; does not validate (parse with `AppSpecSchema` first).
 */
export function normalize(spec: AppSpec): AppSpec {
  return {
    name: spec.name,
    services: sortedRecord(spec.services, normalizeService),
    volumes: sortedRecord(spec.volumes, volume),
  };
}
