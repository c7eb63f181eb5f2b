import { deepFreeze } from '@gantry/app-spec';
import type { DesiredState } from './messages/desired.js';

/**
 * Desired documents this process has validated, by the JSON text they arrived as. The cloud
 * sends one document to every gateway of a release, so a process holding many gateways'
 * sessions (the simulator) validates each document once and gives every gateway the same
 * value, deep-frozen: a document is state as data, and a change to a shared one would
 * reach every gateway, so none is allowed. Equal text always validates to an equal value,
 * which is what makes handing out the remembered one sound. Bounded, oldest first out.
 */
export class KnownDesiredDocuments {
  private readonly documents = new Map<string, DesiredState>();

  constructor(private readonly capacity = 8) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, not ${capacity}`);
  }

  /** The document validated from exactly this JSON text before, if it is still remembered. */
  get(text: string): DesiredState | undefined {
    return this.documents.get(text);
  }

  /** Remembers a document validated from `text`; it is frozen, deep, in place. */
  remember(text: string, document: DesiredState): void {
    if (this.documents.size >= this.capacity) this.documents.delete(this.documents.keys().next().value ?? '');
    this.documents.set(text, deepFreeze(document));
  }
}
