import { describe, expect, it } from 'vitest';
import { healthTimeline } from './health-timeline.js';

const INF = Number.POSITIVE_INFINITY;
const check = { intervalMs: 1_000, retries: 3, startPeriodMs: 0 };

describe('healthTimeline', () => {
  it.each([
    ['a service ready at once turns healthy at the first probe', check, 0, INF, [{ afterMs: 1_000, health: 'healthy' }]],
    ['a slow starter turns healthy at the first probe after it is ready', check, 2_500, INF, [{ afterMs: 3_000, health: 'healthy' }]],
    [
      'a starter slower than retries × interval is unhealthy first, then healthy',
      check,
      5_500,
      INF,
      [
        { afterMs: 3_000, health: 'unhealthy' },
        { afterMs: 6_000, health: 'healthy' },
      ],
    ],
    ['failures in the start period do not count', { ...check, startPeriodMs: 4_000 }, INF, INF, [{ afterMs: 6_000, health: 'unhealthy' }]],
    ['a probe that never passes turns unhealthy after retries', check, INF, INF, [{ afterMs: 3_000, health: 'unhealthy' }]],
    [
      'a service that breaks later turns unhealthy retries probes after',
      check,
      0,
      10_000,
      [
        { afterMs: 1_000, health: 'healthy' },
        { afterMs: 12_000, health: 'unhealthy' },
      ],
    ],
    ["zero interval and retries take Docker's defaults (30 s, 3)", { intervalMs: 0, retries: 0, startPeriodMs: 0 }, INF, INF, [{ afterMs: 90_000, health: 'unhealthy' }]],
  ])('%s', (_name, timing, from, until, expected) => {
    expect(healthTimeline(timing, from, until)).toEqual(expected);
  });
});
