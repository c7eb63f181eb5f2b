import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, EventBatchSchema, MAX_EVENTS_PER_BATCH, type GantryEvent } from '../index.js';

const died = (seq: number): GantryEvent => ({
  seq,
  ts: '2025-03-01T12:00:00.000Z',
  type: 'service.died',
  detail: { app: 'web', service: 'web', containerId: 'abcdef012345', exitCode: 137, restartCount: 1, willRestart: true },
});

describe('events', () => {
  it('has a closed set of event types', () => {
    expect(EVENT_TYPES).toEqual([
      'service.created',
      'service.started',
      'service.stopped',
      'service.died',
      'service.oom',
      'service.health',
      'service.removed',
      'pull.progress',
      'release.applied',
      'release.rolled-back',
      'target.refused',
      'cap.drift',
      'events.dropped',
    ]);
  });

  it('accepts sequence numbers with gaps: the controller learns of lost events from them', () => {
    expect(EventBatchSchema.safeParse({ events: [died(3), died(7)] }).success).toBe(true);
  });

  it('refuses a batch whose sequence numbers repeat or go back', () => {
    expect(EventBatchSchema.safeParse({ events: [died(3), died(3)] }).success).toBe(false);
    expect(EventBatchSchema.safeParse({ events: [died(3), died(2)] }).success).toBe(false);
  });

  it('refuses an empty batch and one over the batch limit', () => {
    expect(EventBatchSchema.safeParse({ events: [] }).success).toBe(false);
    const tooMany = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, index) => died(index + 1));
    expect(EventBatchSchema.safeParse({ events: tooMany }).success).toBe(false);
  });

  it('refuses a detail that does not fit its type', () => {
    const event = { ...died(1), type: 'service.oom' };
    expect(EventBatchSchema.safeParse({ events: [event] }).success).toBe(false);
  });

  it('refuses sequence number 0: sequences start at 1', () => {
    expect(EventBatchSchema.safeParse({ events: [died(0)] }).success).toBe(false);
  });
});
