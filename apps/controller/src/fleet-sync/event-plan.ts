import type { GantryEvent } from '@gantry/protocol';
import { findGaps, remainingGaps, type SeqGap } from './event-gaps.js';

/** One gateway's `events` batch, as it arrived. */
export interface EventsArrival {
  readonly deviceId: string;
  readonly events: readonly GantryEvent[];
}

/** A stored gap row: sequence numbers `from..to` missing since `at`. */
export interface StoredGap extends SeqGap {
  readonly id: number;
  readonly at: Date;
}

/** What the store holds now for the gateways of a batch. */
export interface StoredEvents {
  /** Newest stored sequence number per known gateway; a gateway not here is unknown. */
  readonly lastEventSeq: ReadonlyMap<string, number>;
  /** Stored (non-gap) sequence numbers per gateway, at least those the batch carries. */
  readonly knownSeqs: ReadonlyMap<string, ReadonlySet<number>>;
  /** Stored gap rows per gateway, at least those the batch's numbers may fall into. */
  readonly gaps: ReadonlyMap<string, readonly StoredGap[]>;
}

/** A row to insert: an event, or a gap (`gap` set) that starts at `seq`. */
export type NewEventRow =
  | { readonly deviceId: string; readonly seq: number; readonly event: GantryEvent }
  | { readonly deviceId: string; readonly seq: number; readonly gap: SeqGap; readonly at: Date };

/** Everything a batch of arrivals changes, to be written in one transaction. */
export interface EventPlan {
  /** Per arrival, in order: how many of its events were new. */
  readonly stored: readonly number[];
  readonly inserts: readonly NewEventRow[];
  readonly deletedGapIds: readonly number[];
  /** Gateways whose newest sequence number moved, to the new one. */
  readonly lastEventSeq: ReadonlyMap<string, number>;
  /** Gaps found on arrival, per gateway (not the remains of gaps that partly closed). */
  readonly newGaps: ReadonlyMap<string, readonly SeqGap[]>;
}

interface OpenGap extends SeqGap {
  /** The stored row, or none for a gap found earlier in this batch. */
  readonly id?: number;
  readonly at: Date;
}

/**
 * Plans the ingestion of a batch of `events` arrivals, in arrival order, as if each were
 * stored on its own: events are deduplicated by sequence number (a redelivered batch adds
 * nothing, also when both copies are in this batch), numbers skipped past the newest stored
 * one become gap rows, and late numbers close the gaps they fall into (what is left of a
 * gap keeps its original time). Arrivals from unknown gateways store nothing. Pure.
 */
export function planEvents(arrivals: readonly EventsArrival[], stored: StoredEvents, now: Date): EventPlan {
  const last = new Map(stored.lastEventSeq);
  const known = new Map<string, Set<number>>();
  const open = new Map<string, OpenGap[]>();
  const events: NewEventRow[] = [];
  const deletedGapIds: number[] = [];
  const newGaps = new Map<string, SeqGap[]>();
  const counts: number[] = [];

  for (const { deviceId, events: arrived } of arrivals) {
    const lastSeq = last.get(deviceId);
    if (lastSeq === undefined) {
      counts.push(0);
      continue;
    }
    const seen = lookup(known, deviceId, () => new Set(stored.knownSeqs.get(deviceId)));
    const fresh = arrived.filter((event) => !seen.has(event.seq));
    counts.push(fresh.length);
    if (fresh.length === 0) continue;
    const freshSeqs = fresh.map((event) => event.seq);
    for (const event of fresh) {
      seen.add(event.seq);
      events.push({ deviceId, seq: event.seq, event });
    }

    const gaps = lookup(open, deviceId, () => [...(stored.gaps.get(deviceId) ?? [])]);
    const kept: OpenGap[] = [];
    for (const gap of gaps) {
      const left = remainingGaps(gap, freshSeqs);
      if (left.length === 1 && left[0]?.from === gap.from && left[0].to === gap.to) {
        kept.push(gap);
        continue;
      }
      if (gap.id !== undefined) deletedGapIds.push(gap.id);
      kept.push(...left.map((part) => ({ from: part.from, to: part.to, at: gap.at })));
    }
    const found = findGaps(lastSeq, freshSeqs);
    kept.push(...found.map((gap) => ({ ...gap, at: now })));
    open.set(deviceId, kept);
    if (found.length > 0) newGaps.set(deviceId, [...(newGaps.get(deviceId) ?? []), ...found]);
    last.set(deviceId, Math.max(lastSeq, ...freshSeqs));
  }

  const gapRows = [...open].flatMap(([deviceId, gaps]) =>
    gaps.filter((gap) => gap.id === undefined).map((gap): NewEventRow => ({ deviceId, seq: gap.from, gap: { from: gap.from, to: gap.to }, at: gap.at })),
  );
  const moved = new Map([...last].filter(([deviceId, seq]) => seq !== stored.lastEventSeq.get(deviceId)));
  return { stored: counts, inserts: [...events, ...gapRows], deletedGapIds, lastEventSeq: moved, newGaps };
}

function lookup<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
