import { compareDesired, decodeFromTopic, type DesiredMessage, type GatewaySettings, type KnownDesiredDocuments } from '@gantry/protocol';
import type { Logger } from '../supervise/supervisor.js';
import type { SyncCounters } from './counters.js';
import { desiredToTarget, storedCloudTarget } from './desired-target.js';
import type { RefusedTarget } from './report.js';
import type { SyncSupervisor } from './sync-options.js';

/** How the inbox is set up. */
export interface DesiredInboxOptions {
  readonly supervisor: SyncSupervisor;
  readonly counters: SyncCounters;
  readonly log: Logger;
  readonly defaultHealthyWithinMs: number;
  readonly onSettings?: ((settings: GatewaySettings | undefined) => void) | undefined;
  /** Documents validated before, by this session or another of the process. */
  readonly knownDesired?: KnownDesiredDocuments | undefined;
  /** The cloud must hear back: send a report now, even if nothing else changed. */
  readonly answer: () => void;
}

/**
 * Takes desired states from the cloud, one at a time (each is weighed against what the
 * one before stored). An invalid payload is dropped and counted and changes nothing; an
 * older version is ignored; the same version is acked again (the cloud republishes until
 * it sees the ack); a newer one goes to the supervisor, which stores it durably before it
 * resolves, and only then is it acked.
 */
export class DesiredInbox {
  private chain: Promise<void> = Promise.resolve();
  private refusedTarget: RefusedTarget | undefined;
  private ackedBy: { version: number; messageId: string } | undefined;
  private isClosed = false;

  constructor(private readonly options: DesiredInboxOptions) {}

  /** The newest target refused whole, if it is newer than the stored one. */
  get refused(): RefusedTarget | undefined {
    return this.refusedTarget;
  }

  /** The id of the desired message whose version a report acks, for the report's `parentId`. */
  parentIdFor(ackedVersion: number): string | undefined {
    return this.ackedBy?.version === ackedVersion ? this.ackedBy.messageId : undefined;
  }

  receive(topic: string, payload: Uint8Array | string): void {
    const { counters, log } = this.options;
    const decoded = decodeFromTopic(topic, payload, { knownDesired: this.options.knownDesired });
    if (!decoded.ok || decoded.value.message.kind !== 'desired') {
      const code = decoded.ok ? 'wrong-kind' : decoded.error.code;
      counters.desiredInvalid[code] = (counters.desiredInvalid[code] ?? 0) + 1;
      log.warn(`dropped an invalid desired state: ${decoded.ok ? 'not a desired message' : decoded.error.message}`);
      return;
    }
    counters.desiredReceived += 1;
    const message = decoded.value.message;
    this.chain = this.chain
      .then(() => this.apply(message))
      .catch((error: unknown) => log.error(`cannot store desired state ${message.body.version}: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Resolves once every desired state received so far has been handled. */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** Stops taking desired states and waits for the one in hand. */
  async close(): Promise<void> {
    this.isClosed = true;
    await this.chain;
  }

  private async apply(message: DesiredMessage): Promise<void> {
    if (this.isClosed) return;
    const { supervisor, counters, log } = this.options;
    const desired = message.body;
    const stored = storedCloudTarget(supervisor.status().state.target);
    const order = compareDesired(stored, desired);
    if (order === 'stale') {
      counters.desiredIgnored += 1;
      log.info(`ignored desired state ${desired.version}: version ${stored?.version ?? 0} is stored already`);
      return;
    }
    if (order === 'conflict') {
      counters.desiredConflicts += 1;
      log.error(`refused desired state ${desired.version}: it differs from the stored target of the same version (hash ${desired.hash})`);
      return;
    }
    const isRefusedAgain = this.refusedTarget?.version === desired.version && this.refusedTarget.hash === desired.hash;
    if (order === 'duplicate' || isRefusedAgain) {
      counters.desiredIgnored += 1;
      if (order === 'duplicate') this.ackedBy = { version: desired.version, messageId: message.id };
      this.options.answer();
      return;
    }
    this.options.onSettings?.(desired.settings);
    const result = await supervisor.setTarget(desiredToTarget(desired, this.options.defaultHealthyWithinMs));
    if (result.status === 'refused') {
      counters.desiredRefused += 1;
      this.refusedTarget = { version: desired.version, hash: desired.hash, reason: clip(result.reasons.join('; ')) };
    } else {
      // setTarget resolves only once the target is stored durably: now it may be acked.
      counters.desiredStored += 1;
      this.refusedTarget = undefined;
      this.ackedBy = { version: desired.version, messageId: message.id };
    }
    this.options.answer();
  }
}

function clip(text: string): string {
  return text.length > 2048 ? `${text.slice(0, 2047)}…` : text;
}
