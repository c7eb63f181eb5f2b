import type { RawIssue } from './issues.js';
import type { ServiceSpec } from './schema/service.js';

/** The parts of an app the cross-field checks look at. */
export interface AppShape {
  services: Record<string, ServiceSpec>;
  volumes: Record<string, unknown>;
}

const wildcard = new Set(['0.0.0.0', '::']);

// Two bindings of the same port clash unless both name different, specific addresses.
function addressesOverlap(a: string | null, b: string | null): boolean {
  if (a === null || b === null || wildcard.has(a) || wildcard.has(b)) return true;
  return a === b;
}

function checkDependencies(app: AppShape, issues: RawIssue[]): void {
  const names = new Set(Object.keys(app.services));
  for (const [name, service] of Object.entries(app.services)) {
    for (const dependency of Object.keys(service.dependsOn)) {
      if (dependency === name) {
        issues.push({ segments: ['services', name, 'dependsOn', dependency], message: 'a service cannot depend on itself' });
      } else if (!names.has(dependency)) {
        issues.push({
          segments: ['services', name, 'dependsOn', dependency],
          message: `depends on service '${dependency}', which this app does not define`,
        });
      }
    }
    if (service.networkMode.startsWith('service:')) {
      const other = service.networkMode.slice('service:'.length);
      if (other === name || !names.has(other)) {
        issues.push({
          segments: ['services', name, 'networkMode'],
          message: `uses the network of service '${other}', which ${other === name ? 'is itself' : 'this app does not define'}`,
        });
      }
    }
  }
  for (const cycle of findCycles(app.services)) {
    const first = cycle[0] ?? '';
    issues.push({
      segments: ['services', first, 'dependsOn'],
      message: `dependency cycle: ${[...cycle, first].join(' -> ')}; no service in it could start first`,
    });
  }
}

/** Every dependency cycle once, each listed from its alphabetically first service. */
export function findCycles(services: Record<string, Pick<ServiceSpec, 'dependsOn'>>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const next of Object.keys(services[name]?.dependsOn ?? {}).sort()) {
      if (!(next in services) || next === name) continue;
      const seen = state.get(next);
      if (seen === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0] ?? '');
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join('\0'), rotated);
      } else if (seen === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(services).sort()) {
    if (!state.has(name)) visit(name);
  }
  return [...cycles.values()];
}

function checkPorts(app: AppShape, issues: RawIssue[]): void {
  const seen: { service: string; index: number; published: number; protocol: string; hostIp: string | null }[] = [];
  for (const [name, service] of Object.entries(app.services)) {
    service.ports.forEach((port, index) => {
      if (port.published === null) return;
      const clash = seen.find(
        (other) =>
          other.published === port.published &&
          other.protocol === port.protocol &&
          addressesOverlap(other.hostIp, port.hostIp),
      );
      if (clash) {
        const where = clash.service === name ? 'earlier in this service' : `by service '${clash.service}'`;
        issues.push({
          segments: ['services', name, 'ports', index],
          message: `port ${port.published}/${port.protocol} is already published ${where}; each gateway port can be published once`,
        });
      } else {
        seen.push({ service: name, index, published: port.published, protocol: port.protocol, hostIp: port.hostIp });
      }
    });
  }
}

function checkMounts(app: AppShape, issues: RawIssue[]): void {
  for (const [name, service] of Object.entries(app.services)) {
    const targets = new Set<string>();
    service.volumes.forEach((mount, index) => {
      if (targets.has(mount.target)) {
        issues.push({
          segments: ['services', name, 'volumes', index],
          message: `${mount.target} is mounted twice in this service`,
        });
      }
      targets.add(mount.target);
      if (mount.type === 'volume' && mount.source !== null && !(mount.source in app.volumes)) {
        issues.push({
          segments: ['services', name, 'volumes', index],
          message: `volume '${mount.source}' is not declared under the app's volumes`,
        });
      }
    });
    const devicePaths = new Set<string>();
    service.devices.forEach((device, index) => {
      if (devicePaths.has(device.containerPath)) {
        issues.push({
          segments: ['services', name, 'devices', index],
          message: `${device.containerPath} is mapped twice in this service`,
        });
      }
      devicePaths.add(device.containerPath);
    });
  }
}

/** Checks that span fields or services: dependencies, cycles, port clashes, undeclared volumes. */
export function checkConsistency(app: AppShape): RawIssue[] {
  const issues: RawIssue[] = [];
  if (Object.keys(app.services).length === 0) {
    issues.push({ segments: ['services'], message: 'an app needs at least one service' });
  }
  checkDependencies(app, issues);
  checkPorts(app, issues);
  checkMounts(app, issues);
  return issues;
}
