import type { Deployment, Device } from '../model.js';
import { matches } from '../selector/selector.js';

/** Something the controller wrote that may change some gateways' targets. */
export type FleetChange =
  /** A gateway's labels changed (or it enrolled): only its own target may change. */
  | { readonly kind: 'device-labels-changed'; readonly deviceId: string }
  /** A deployment was created (`before` absent), updated, or deleted (`after` absent). */
  | { readonly kind: 'deployment-changed'; readonly before?: Deployment; readonly after?: Deployment }
  /** An app and its deployments were deleted; `deployments` must be passed as they were before. */
  | { readonly kind: 'app-deleted'; readonly appId: string };

/**
 * The ids (sorted, unique) of the gateways whose compiled target may change, so the
 * controller recompiles only those. `devices` carry their current labels.
 */
export function affectedDevices(change: FleetChange, devices: Iterable<Device>, deployments: Iterable<Deployment>): string[] {
  switch (change.kind) {
    case 'device-labels-changed':
      return [change.deviceId];
    case 'deployment-changed':
      return selectedBy([change.before, change.after], devices);
    case 'app-deleted':
      return selectedBy(
        [...deployments].filter((deployment) => deployment.appId === change.appId),
        devices,
      );
  }
}

/** Devices any of the active deployments selects: an inactive one never reached a target. */
function selectedBy(candidates: readonly (Deployment | undefined)[], devices: Iterable<Device>): string[] {
  const active = candidates.filter((deployment) => deployment?.state === 'active');
  const ids = new Set<string>();
  for (const device of devices) {
    if (active.some((deployment) => deployment !== undefined && matches(deployment.selector, device.labels))) ids.add(device.id);
  }
  return [...ids].sort();
}
