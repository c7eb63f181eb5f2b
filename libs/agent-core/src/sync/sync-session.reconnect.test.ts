import { afterEach, describe, expect, it, vi } from 'vitest';
import { desired, desiredMessage, desiredTopic, startSession, wire } from '../test-support/sync-harness.js';

describe('SyncSession: reconnecting', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  async function start(options: Parameters<typeof startSession>[0] = {}) {
    const harness = await startSession(options);
    stops.push(harness.stop);
    return harness;
  }

  // The reconnect timer is the only one shorter than the hour-long periodic check.
  const retryDelay = (delays: number[]) => delays.filter((d) => d < 3_600_000);

  it('retries with growing, jittered delays while the broker is down, and starts over after a good connection', async () => {
    const randoms = [0.2, 0.8, 0.4, 0.6, 0.1, 0.9, 0.3];
    let n = 0;
    const { broker, session, clock } = await start({ isBrokerDown: true, random: () => randoms[n++ % randoms.length] ?? 0.5 });
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    for (let attempt = 0; attempt < 4; attempt += 1) await clock.advance(Math.max(...clock.pendingDelays().filter((d) => d < 3_600_000)));
    const delays = retryDelay(clock.delays);
    // 1 s doubling, equal jitter: [500-1000], [1000-2000], [2000-4000], [4000-8000], [8000-16000]
    expect(delays).toEqual([600, 1_800, 2_800, 6_400, 8_800]);
    expect(session.counters().connectFailures).toBe(5);

    broker.isRefusingConnections = false;
    await clock.advance(8_800);
    await vi.waitFor(() => expect(session.connection()).toBe('connected'));
    // A connection that drops at once was not a good one: the delays keep growing.
    broker.dropAll();
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    expect(retryDelay(clock.delays).at(-1)).toBe(30_400);

    await clock.advance(30_400);
    await vi.waitFor(() => expect(session.connection()).toBe('connected'));
    await clock.advance(30_000);
    broker.dropAll();
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    expect(retryDelay(clock.delays).at(-1)).toBe(650);
    expect(session.counters()).toMatchObject({ connects: 2, connectionsLost: 2 });
  });

  it('survives a broker restart without an agent restart: online again, subscribed again, and acting on desired states', async () => {
    const { broker, session, clock, store } = await start();
    await vi.waitFor(() => expect(broker.subscriptions).toHaveLength(1));
    broker.dropAll();
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))), { retain: true });
    await clock.advance(1_000);
    await vi.waitFor(() => expect(broker.subscriptions).toHaveLength(2));
    expect(broker.messages('status').map((m) => m.body.state)).toEqual(['online', 'offline', 'online']);
    await vi.waitFor(() => expect(store.saved.target?.version).toBe(1));
    await vi.waitFor(() => expect(broker.messages('reported').some((r) => r.body.ackedVersion === 1)).toBe(true));
  });

  it('stops retrying once stopped', async () => {
    const { session, clock, broker } = await start({ isBrokerDown: true });
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    await session.stop();
    await clock.advance(600_000);
    expect(broker.connects).toHaveLength(1);
    expect(session.connection()).toBe('stopped');
  });
});
