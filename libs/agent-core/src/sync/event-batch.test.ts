import { decode, type GantryEvent } from '@gantry/protocol';
import { describe, expect, it } from 'vitest';
import { encodeEventBatch } from './event-batch.js';

const envelope = { deviceId: 'gw-1', now: new Date(0) };

function health(seq: number, outputChars = 0): GantryEvent {
  return {
    seq,
    ts: new Date(0).toISOString(),
    type: 'service.health',
    detail: { app: 'site', service: 'api', containerId: '0123456789ab', health: 'unhealthy', previous: 'healthy', output: 'x'.repeat(outputChars) },
  };
}

describe('encodeEventBatch', () => {
  it('packs every event into one message when they fit', () => {
    const result = encodeEventBatch([health(1), health(2), health(3)], envelope);
    expect(result).toMatchObject({ ok: true, count: 3, lastSeq: 3 });
    if (!result?.ok) throw new Error('expected a batch');
    const decoded = decode('events', result.json);
    expect(decoded.ok && decoded.value.body.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('halves a batch over the payload limit until it fits, keeping the oldest first', () => {
    const big = Array.from({ length: 200 }, (_, i) => health(i + 1, 4_000));
    const result = encodeEventBatch(big, envelope);
    expect(result?.ok).toBe(true);
    if (!result?.ok) throw new Error('expected a batch');
    expect(result.count).toBeLessThan(200);
    expect(result.count).toBeGreaterThan(10);
    expect(result.lastSeq).toBe(result.count);
  });

  it('reports a single event that cannot be encoded, naming its seq', () => {
    const broken: GantryEvent = { ...health(7), ts: 'yesterday' };
    expect(encodeEventBatch([broken, health(8)], envelope)).toMatchObject({ ok: false, seq: 7 });
  });

  it('has nothing to say about no events', () => {
    expect(encodeEventBatch([], envelope)).toBeUndefined();
  });
});
