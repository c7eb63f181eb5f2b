import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../metrics/metrics.js';
import { InboundRouter } from './inbound-router.js';

const fixturesDir = dirname(createRequire(import.meta.url).resolve('@gantry/protocol/fixtures/index.json'));
const fixture = (file: string): Buffer => readFileSync(join(fixturesDir, file));
// The golden fixtures speak for gw-17.
const TOPIC = (kind: string): string => `gantry/v1/gw-17/${kind}`;

/** A promise with its resolve, to hold a handler until a test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('InboundRouter', () => {
  it('handles a gateway’s state and its history in lanes of their own, each in arrival order', async () => {
    const router = new InboundRouter(new Metrics());
    const handled: string[] = [];
    const firstEvents = gate();
    let eventsSeen = 0;
    router.on('events', async () => {
      eventsSeen += 1;
      const which = eventsSeen;
      if (which === 1) await firstEvents.promise;
      handled.push(`events ${which}`);
    });
    router.on('status', () => {
      handled.push('status');
      return Promise.resolve();
    });
    router.on('reported', () => {
      handled.push('reported');
      return Promise.resolve();
    });

    const events1 = router.dispatch(TOPIC('events'), fixture('events.json'));
    const events2 = router.dispatch(TOPIC('events'), fixture('events.json'));
    const status = router.dispatch(TOPIC('status'), fixture('status-online.json'));
    const reported = router.dispatch(TOPIC('reported'), fixture('reported.json'));
    // The state lane goes on while the first events are still being stored…
    await Promise.all([status, reported]);
    expect(handled).toEqual(['status', 'reported']);
    // …and the history lane keeps its own order.
    expect(eventsSeen).toBe(1);
    firstEvents.open();
    await Promise.all([events1, events2]);
    expect(handled).toEqual(['status', 'reported', 'events 1', 'events 2']);
  });
});
