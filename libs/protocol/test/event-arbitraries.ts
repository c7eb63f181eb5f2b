import fc from 'fast-check';
import type { EventBatch, GantryEvent } from '../src/index.js';
import {
  appId,
  code,
  containerId,
  contentHash,
  count,
  drift,
  health,
  positive,
  releaseId,
  serviceName,
  text,
  timestampArb,
} from './primitive-arbitraries.js';

/* Arbitraries for the events batch: every event type, sequenced as an agent would. */

type Unsequenced = GantryEvent extends infer E ? (E extends GantryEvent ? Omit<E, 'seq'> : never) : never;

const serviceEvent = { app: appId, service: serviceName, containerId };
const unsequencedEvent: fc.Arbitrary<Unsequenced> = fc.oneof(
  fc.record({ ts: timestampArb, type: fc.constant('service.created' as const), detail: fc.record({ ...serviceEvent, releaseId }) }),
  fc.record({ ts: timestampArb, type: fc.constant('service.started' as const), detail: fc.record({ ...serviceEvent, releaseId }) }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('service.stopped' as const),
    detail: fc.record({ ...serviceEvent, exitCode: fc.option(fc.integer({ min: -255, max: 255 }), { nil: null }) }),
  }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('service.died' as const),
    detail: fc.record({ ...serviceEvent, exitCode: fc.option(fc.integer(), { nil: null }), restartCount: count, willRestart: fc.boolean() }),
  }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('service.oom' as const),
    detail: fc.record({ ...serviceEvent, memoryLimitBytes: fc.option(count, { nil: null }) }),
  }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('service.health' as const),
    detail: fc.record(
      { ...serviceEvent, health, previous: health, output: fc.string({ unit: 'binary', maxLength: 100 }) },
      { requiredKeys: ['app', 'service', 'containerId', 'health', 'previous'] },
    ),
  }),
  fc.record({ ts: timestampArb, type: fc.constant('service.removed' as const), detail: fc.record(serviceEvent) }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('pull.progress' as const),
    detail: fc.record(
      {
        app: appId,
        service: serviceName,
        image: fc.string({ minLength: 1, maxLength: 100 }),
        phase: fc.constantFrom('started' as const, 'downloading' as const, 'extracting' as const, 'done' as const, 'failed' as const),
        currentBytes: count,
        totalBytes: count,
        error: text(200),
      },
      { requiredKeys: ['app', 'service', 'image', 'phase'] },
    ),
  }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('release.applied' as const),
    detail: fc.record({ app: appId, releaseId, previousReleaseId: fc.option(releaseId, { nil: null }), desiredVersion: count }),
  }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('release.rolled-back' as const),
    detail: fc.record({ app: appId, fromReleaseId: releaseId, toReleaseId: releaseId, reason: text(2048) }),
  }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('target.refused' as const),
    detail: fc.record({
      version: count,
      hash: contentHash,
      reasons: fc.array(
        fc.record({ code, message: text(500), app: appId, service: serviceName }, { requiredKeys: ['code', 'message'] }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('cap.drift' as const),
    detail: fc.record({ ...serviceEvent, drift: fc.array(drift, { minLength: 1, maxLength: 3 }) }),
  }),
  fc.record({
    ts: timestampArb,
    type: fc.constant('events.dropped' as const),
    detail: fc.record({ count: positive, fromSeq: positive, toSeq: positive, reason: fc.constant('outbox-full' as const) }),
  }),
);

/** A valid `events` body: strictly increasing sequence numbers from an arbitrary start. */
export const eventBatchArb: fc.Arbitrary<EventBatch> = fc
  .tuple(
    fc.integer({ min: 1, max: 2 ** 40 }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), unsequencedEvent), { minLength: 1, maxLength: 8 }),
  )
  .map(([start, entries]) => {
    let seq = start;
    const events = entries.map(([gap, event]): GantryEvent => {
      seq += gap;
      return { seq, ...event };
    });
    return { events };
  });
