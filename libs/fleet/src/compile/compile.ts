import { canonicalHash, contentHash } from '@gantry/app-spec';
import type { DesiredApp, GatewaySettings } from '@gantry/protocol';
import type { Deployment, Device, Release } from '../model.js';
import { winningDeployments } from './winners.js';

/** A gateway's compiled target state before versioning: what `desired` carries, minus `version`. */
export interface CompiledState {
  /** Keyed by app id; an app absent here is removed from the gateway. */
  readonly apps: Readonly<Record<string, DesiredApp>>;
  readonly settings?: GatewaySettings;
  /** `sha256:<hex>` of what the gateway needs from `apps` and `settings`, nothing else. */
  readonly hash: string;
}

/** The controller's records contradict each other; a bug or a broken migration, never user input. */
export class InconsistentFleetError extends Error {
  override readonly name = 'InconsistentFleetError';
}

/**
 * Compiles one gateway's target state: per app, the winning active deployment whose
 * selector matches the gateway's labels (see `outranks`); apps without one are absent.
 * Pure: same inputs, same output, and inputs that do not concern this gateway cannot
 * change its hash.
 */
export function compileDesiredState(
  device: Device,
  deployments: Iterable<Deployment>,
  releases: Iterable<Release>,
  settings?: GatewaySettings,
): CompiledState {
  const winners = winningDeployments(device, deployments);
  const releaseById = new Map<string, Release>();
  for (const release of releases) releaseById.set(release.id, release);

  // Sorted so the record's key order, like its hash, does not depend on input order.
  const apps: Record<string, DesiredApp> = {};
  for (const appId of [...winners.keys()].sort()) {
    const deployment = winners.get(appId);
    if (deployment === undefined) continue;
    apps[appId] = desiredApp(deployment, releaseById.get(deployment.releaseId));
  }
  const hash = hashTarget(apps, settings);
  return settings === undefined ? { apps, hash } : { apps, settings, hash };
}

function desiredApp(deployment: Deployment, release: Release | undefined): DesiredApp {
  // Refusing is safer than skipping: a skipped app would be removed from every gateway.
  if (release === undefined) {
    throw new InconsistentFleetError(`deployment ${deployment.id} names release ${deployment.releaseId}, which does not exist`);
  }
  if (release.appId !== deployment.appId || release.manifest.name !== deployment.appId) {
    throw new InconsistentFleetError(
      `deployment ${deployment.id} of app ${deployment.appId} names release ${release.id} of app ${release.appId} (manifest "${release.manifest.name}")`,
    );
  }
  const app: DesiredApp = { releaseId: release.id, manifest: release.manifest };
  return deployment.healthyWithinMs === undefined ? app : { ...app, healthyWithinMs: deployment.healthyWithinMs };
}

/**
 * The content hash of a target: per app the release id, the manifest's content hash
 * (normalised, so key order or defaults spelled out do not count) and the health
 * deadline; plus the settings. Ids of deployments and timestamps are left out on purpose.
 */
export function hashTarget(apps: Readonly<Record<string, DesiredApp>>, settings?: GatewaySettings): string {
  const essentials = Object.fromEntries(
    Object.entries(apps).map(([appId, app]) => [
      appId,
      { releaseId: app.releaseId, manifest: contentHash(app.manifest), healthyWithinMs: app.healthyWithinMs },
    ]),
  );
  return `sha256:${canonicalHash({ apps: essentials, settings })}`;
}
