import type { Deployment, Device } from '../model.js';
import { matches } from '../selector/selector.js';

/**
 * Whether `a` beats `b` for the same app: higher priority, then the newer deployment
 * (the operator's latest intent), then the smaller id, so the result never depends on
 * the order the controller happened to read its rows in.
 */
export function outranks(a: Deployment, b: Deployment): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  const aMs = a.createdAt.getTime();
  const bMs = b.createdAt.getTime();
  if (aMs !== bMs) return aMs > bMs;
  return a.id < b.id;
}

/** The winning active deployment per app id among those whose selector matches the device. */
export function winningDeployments(device: Device, deployments: Iterable<Deployment>): Map<string, Deployment> {
  const winners = new Map<string, Deployment>();
  for (const deployment of deployments) {
    if (deployment.state !== 'active' || !matches(deployment.selector, device.labels)) continue;
    const current = winners.get(deployment.appId);
    if (current === undefined || outranks(deployment, current)) winners.set(deployment.appId, deployment);
  }
  return winners;
}
