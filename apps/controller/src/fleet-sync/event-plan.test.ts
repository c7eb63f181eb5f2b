import type { GantryEvent } from '@gantry/protocol';
import { describe, expect, it } from 'vitest';
import { planEvents, type EventsArrival, type StoredEvents, type StoredGap } from './event-plan.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const EARLIER = new Date('2026-11-23T11:00:00Z');

function event(seq: number): GantryEvent {
  return { seq, ts: '2026-11-23T11:59:00.000Z', type: 'service.started', detail: { app: 'thermo', service: 'sensor', releaseId: 'thermo@1', containerId: 'b'.repeat(64) } };
}

function arrival(deviceId: string, ...seqs: number[]): EventsArrival {
  return { deviceId, events: seqs.map(event) };
}

function store(devices: Record<string, { last: number; known?: number[]; gaps?: StoredGap[] }>): StoredEvents {
  const entries = Object.entries(devices);
  return {
    lastEventSeq: new Map(entries.map(([id, device]) => [id, device.last])),
    knownSeqs: new Map(entries.map(([id, device]) => [id, new Set(device.known ?? [])])),
    gaps: new Map(entries.map(([id, device]) => [id, device.gaps ?? []])),
  };
}

/** The inserted rows as `[device, seq, kind]`, gaps with their range. */
function rows(plan: ReturnType<typeof planEvents>): unknown[] {
  return plan.inserts.map((row) => ('gap' in row ? [row.deviceId, row.seq, `gap ${row.gap.from}-${row.gap.to}`] : [row.deviceId, row.seq, row.event.type]));
}

describe('planEvents', () => {
  it('stores new events and moves the newest sequence number', () => {
    const plan = planEvents([arrival('gw-1', 1, 2)], store({ 'gw-1': { last: 0 } }), NOW);
    expect(plan.stored).toEqual([2]);
    expect(rows(plan)).toEqual([
      ['gw-1', 1, 'service.started'],
      ['gw-1', 2, 'service.started'],
    ]);
    expect(plan.lastEventSeq).toEqual(new Map([['gw-1', 2]]));
    expect(plan.newGaps.size).toBe(0);
  });

  it('adds nothing for a redelivered batch, stored before or earlier in the same batch', () => {
    expect(planEvents([arrival('gw-1', 1, 2)], store({ 'gw-1': { last: 2, known: [1, 2] } }), NOW)).toMatchObject({ stored: [0], inserts: [], lastEventSeq: new Map() });
    const twice = planEvents([arrival('gw-1', 1, 2), arrival('gw-1', 1, 2)], store({ 'gw-1': { last: 0 } }), NOW);
    expect(twice.stored).toEqual([2, 0]);
    expect(twice.inserts).toHaveLength(2);
  });

  it('records a skipped run as one gap row, found on arrival', () => {
    const plan = planEvents([arrival('gw-1', 1, 2), arrival('gw-1', 5, 6)], store({ 'gw-1': { last: 0 } }), NOW);
    expect(plan.stored).toEqual([2, 2]);
    expect(rows(plan)).toContainEqual(['gw-1', 3, 'gap 3-4']);
    expect(plan.inserts.filter((row) => 'gap' in row)).toEqual([{ deviceId: 'gw-1', seq: 3, gap: { from: 3, to: 4 }, at: NOW }]);
    expect(plan.newGaps).toEqual(new Map([['gw-1', [{ from: 3, to: 4 }]]]));
    expect(plan.lastEventSeq).toEqual(new Map([['gw-1', 6]]));
  });

  it('closes a stored gap partly: the stored row goes, the rest is recorded with its first time, and is not counted as found again', () => {
    const plan = planEvents([arrival('gw-1', 4)], store({ 'gw-1': { last: 6, known: [1, 2, 5, 6], gaps: [{ id: 7, from: 3, to: 4, at: EARLIER }] } }), NOW);
    expect(plan.stored).toEqual([1]);
    expect(plan.deletedGapIds).toEqual([7]);
    expect(plan.inserts.filter((row) => 'gap' in row)).toEqual([{ deviceId: 'gw-1', seq: 3, gap: { from: 3, to: 3 }, at: EARLIER }]);
    expect(plan.newGaps.size).toBe(0);
    // A late event does not move the newest sequence number back.
    expect(plan.lastEventSeq.size).toBe(0);
  });

  it('closes a gap found earlier in the same batch without ever storing it', () => {
    const plan = planEvents([arrival('gw-1', 1), arrival('gw-1', 4), arrival('gw-1', 2, 3)], store({ 'gw-1': { last: 0 } }), NOW);
    expect(plan.stored).toEqual([1, 1, 2]);
    expect(rows(plan)).toEqual([
      ['gw-1', 1, 'service.started'],
      ['gw-1', 4, 'service.started'],
      ['gw-1', 2, 'service.started'],
      ['gw-1', 3, 'service.started'],
    ]);
    expect(plan.deletedGapIds).toEqual([]);
    // Found on arrival all the same: the metric counts what was missing when it was missing.
    expect(plan.newGaps).toEqual(new Map([['gw-1', [{ from: 2, to: 3 }]]]));
  });

  it('keeps each gateway to its own numbers in a batch of many', () => {
    const plan = planEvents(
      [arrival('gw-1', 3), arrival('gw-2', 1, 2), arrival('gw-3', 1)],
      store({ 'gw-1': { last: 1, known: [1] }, 'gw-2': { last: 2, known: [1, 2] } }),
      NOW,
    );
    expect(plan.stored).toEqual([1, 0, 0]);
    expect(rows(plan)).toEqual([
      ['gw-1', 3, 'service.started'],
      ['gw-1', 2, 'gap 2-2'],
    ]);
    expect(plan.lastEventSeq).toEqual(new Map([['gw-1', 3]]));
  });
});
