import type { DesiredState } from '@gantry/protocol';
import type { StoredTarget } from '../store/agent-state.js';
import type { TargetInput } from '../supervise/supervisor.js';

/** The supervisor's target for a desired state from the cloud; its manifests are already app-spec's normalised form. */
export function desiredToTarget(desired: DesiredState, defaultHealthyWithinMs: number): TargetInput {
  const apps: TargetInput['apps'] = {};
  for (const [appId, app] of Object.entries(desired.apps)) {
    apps[appId] = { appId, releaseId: app.releaseId, spec: app.manifest, healthyWithinMs: app.healthyWithinMs ?? defaultHealthyWithinMs };
  }
  return { source: 'cloud', version: desired.version, hash: desired.hash, apps };
}

/** The version and hash of the cloud target stored durably, the one `compareDesired` weighs new ones against. */
export function storedCloudTarget(stored: StoredTarget | null): Pick<DesiredState, 'version' | 'hash'> | undefined {
  return stored?.source === 'cloud' ? { version: stored.version, hash: stored.hash } : undefined;
}
