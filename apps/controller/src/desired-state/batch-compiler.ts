import { compileDesiredState, nextDesired, winningDeployments, type CompiledState, type Deployment, type Device, type Release } from '@gantry/fleet';
import type { DesiredState } from '@gantry/protocol';
import { DesiredEncoder } from './desired-encoder.js';

/** The longest id a gateway may have: sizing a document with it bounds every gateway's envelope. */
const LONGEST_DEVICE_ID = 'x'.repeat(63);

/** One gateway's outcome: its winning deployment per app, and the document to publish if its hash changed. */
export interface Compiled {
  readonly winners: ReadonlyMap<string, Deployment>;
  readonly desired: DesiredState | undefined;
}

/**
 * Compiles a batch of gateways against the same deployments and releases. Gateways with the
 * same winners share one compiled target, and the same previous document and target share
 * one validated next document, so a fleet that gets one release compiles it once, not per
 * gateway. Each document is also checked once to fit in a message.
 */
export class BatchCompiler {
  private readonly targets = new Map<string, CompiledState>();
  private readonly documents = new Map<string, DesiredState | undefined>();

  constructor(private readonly releases: readonly Release[]) {}

  compile(device: Device, admitted: readonly Deployment[], previous: Pick<DesiredState, 'version' | 'hash'> | undefined): Compiled {
    const winners = winningDeployments(device, admitted);
    const key = [...winners.values()].map((deployment) => deployment.id).sort().join(',');
    let target = this.targets.get(key);
    if (target === undefined) {
      // Only the winners take part, so the gateway's other labels cannot change the outcome.
      target = compileDesiredState(device, winners.values(), this.releases);
      this.targets.set(key, target);
    }
    const documentKey = `${previous?.version ?? 0}|${previous?.hash ?? ''}|${target.hash}`;
    if (!this.documents.has(documentKey)) {
      const desired = nextDesired(previous, target);
      // Refuse before storing what no gateway could receive (over the payload limit).
      if (desired !== undefined) new DesiredEncoder().payload(LONGEST_DEVICE_ID, desired);
      this.documents.set(documentKey, desired);
    }
    return { winners, desired: this.documents.get(documentKey) };
  }
}
