import { createMessage, encode, type EncodeOptions, type EnvelopeOptions, type GantryEvent } from '@gantry/protocol';

/** The oldest events packed into one `events` message, or the first event if it cannot be sent at all. */
export type EventBatchEncoding =
  | { readonly ok: true; readonly json: string; readonly count: number; readonly lastSeq: number }
  | { readonly ok: false; readonly seq: number; readonly reason: string };

/**
 * Packs as many of `events` (oldest first, already in `seq` order) as fit one message.
 * A batch over the payload limit is halved until it fits, so big events (health check
 * output, drift lists) go in smaller batches rather than not at all. Only a single event
 * that cannot be encoded on its own comes back as a failure. `options` go to `encode`.
 */
export function encodeEventBatch(events: readonly GantryEvent[], envelope: EnvelopeOptions, options: EncodeOptions = {}): EventBatchEncoding | undefined {
  let count = events.length;
  while (count > 0) {
    const batch = events.slice(0, count);
    const encoded = encode('events', createMessage('events', { events: batch }, envelope), options);
    const last = batch.at(-1);
    if (encoded.ok && last) return { ok: true, json: encoded.value, count, lastSeq: last.seq };
    if (count === 1 && !encoded.ok && last) return { ok: false, seq: last.seq, reason: encoded.error.message };
    count = Math.ceil(count / 2);
  }
  return undefined;
}
