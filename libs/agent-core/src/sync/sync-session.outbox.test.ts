import type { NewEvent } from '../store/ports.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrokerMessage } from '../test-support/memory-mqtt.js';
import { desired, desiredMessage, desiredTopic, startSession, wire } from '../test-support/sync-harness.js';

function removed(n: number): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'service.removed',
    detail: { app: 'site', service: `svc-${i}`, containerId: String(i).padStart(12, '0') },
  }));
}

const isEvents = (m: BrokerMessage) => m.topic.endsWith('/events');

describe('SyncSession: the event outbox', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  async function start(options: Parameters<typeof startSession>[0] = {}) {
    const harness = await startSession(options);
    stops.push(harness.stop);
    return harness;
  }

  it('sends events as soon as they are recorded while connected', async () => {
    const { broker, outbox, memoryOutbox } = await start();
    await outbox.append(removed(3));
    await vi.waitFor(() => expect(memoryOutbox.events).toEqual([]));
    expect(broker.messages('events').map((m) => m.body.events.map((e) => e.seq))).toEqual([[1, 2, 3]]);
    expect(broker.accepted.filter(isEvents).every((m) => m.qos === 1 && !m.retain)).toBe(true);
  });

  it('lets events linger, so the events of one change go as one batch', async () => {
    const { broker, outbox, memoryOutbox, clock } = await start({ session: { eventLingerMs: 250 } });
    await outbox.append(removed(1));
    await clock.advance(100);
    await outbox.append(removed(2));
    await clock.advance(149);
    expect(broker.messages('events')).toEqual([]);
    await clock.advance(1);
    await vi.waitFor(() => expect(memoryOutbox.events).toEqual([]));
    expect(broker.messages('events').map((m) => m.body.events.map((e) => e.seq))).toEqual([[1, 2, 3]]);
    // The next event lingers again, from when it was recorded.
    await outbox.append(removed(1));
    await clock.advance(249);
    expect(broker.messages('events')).toHaveLength(1);
    await clock.advance(1);
    await vi.waitFor(() => expect(broker.messages('events').map((m) => m.body.events.map((e) => e.seq))).toEqual([[1, 2, 3], [4]]));
  });

  it('sends the events lingering with a report that goes, in the same turn', async () => {
    const { broker, outbox, session, link } = await start({ session: { eventLingerMs: 60_000 } });
    await vi.waitFor(() => expect(session.counters().reportsSent).toBeGreaterThan(0));
    await session.idle();
    // Counts turns of the event loop, to tell what was published in the same one.
    let turn = 0;
    let spinning = true;
    const spin = (): void => {
      turn += 1;
      if (spinning) setImmediate(spin);
    };
    spin();
    const published: { topic: string; turn: number }[] = [];
    const publish = link.publish.bind(link);
    link.publish = (topic, payload, options) => {
      published.push({ topic, turn });
      return publish(topic, payload, options);
    };
    await outbox.append(removed(2));
    // A desired state: its ack, then the release running, go as reports long before the
    // events' linger (the clock never moves here); each takes along the events recorded by then.
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(broker.messages('reported').at(-1)?.body).toMatchObject({ ackedVersion: 1, target: { state: 'converged' } }));
    await session.idle();
    spinning = false;
    const eventsSent = published.filter((entry) => entry.topic.endsWith('/events'));
    const reportTurns = new Set(published.filter((entry) => entry.topic.endsWith('/reported')).map((entry) => entry.turn));
    expect(eventsSent.length).toBeGreaterThan(0);
    expect(eventsSent.filter((entry) => !reportTurns.has(entry.turn))).toEqual([]);
    expect(broker.messages('events').flatMap((message) => message.body.events.map((event) => event.seq)).slice(0, 2)).toEqual([1, 2]);
    expect(await outbox.peek(100)).toEqual([]);
  });

  it('keeps events while the cloud is unreachable and sends them in sequence order after reconnecting, in batches', async () => {
    const { broker, outbox, memoryOutbox, session, clock } = await start();
    broker.isRefusingConnections = true;
    broker.dropAll();
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    await outbox.append(removed(700));
    await outbox.append(removed(500));
    await session.idle();
    expect(broker.received.filter(isEvents)).toEqual([]);
    expect(memoryOutbox.events).toHaveLength(1_200);
    broker.isRefusingConnections = false;
    await clock.advance(120_000);
    await vi.waitFor(() => expect(memoryOutbox.events).toEqual([]));
    const batches = broker.messages('events').map((m) => m.body.events.map((e) => e.seq));
    expect(batches.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(batches.flat()).toEqual(Array.from({ length: 1_200 }, (_, i) => i + 1));
    expect(session.counters()).toMatchObject({ eventsSent: 1_200, eventBatchesSent: 3 });
  });

  it('removes a batch from the outbox only once the broker acknowledged it', async () => {
    const { broker, outbox, memoryOutbox, session } = await start();
    broker.withholdPuback = isEvents;
    await outbox.append(removed(5));
    await vi.waitFor(() => expect(broker.received.filter(isEvents)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(memoryOutbox.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(session.counters().eventsSent).toBe(0);
  });

  it('resends the rest after a connection dropped mid-drain: nothing lost, nothing reordered', async () => {
    const { broker, outbox, memoryOutbox, session, clock } = await start();
    broker.isRefusingConnections = true;
    broker.dropAll();
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    await outbox.append(removed(1_300));
    let eventPublishes = 0;
    broker.withholdPuback = (m) => isEvents(m) && ++eventPublishes === 2;
    broker.isRefusingConnections = false;
    await clock.advance(120_000);
    await vi.waitFor(() => expect(broker.received.filter(isEvents)).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(memoryOutbox.events[0]?.seq).toBe(501);
    broker.dropAll();
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    await clock.advance(120_000);
    await vi.waitFor(() => expect(memoryOutbox.events).toEqual([]));
    const firsts = broker.received.filter(isEvents).map((m) => JSON.parse(m.payload).body.events[0].seq);
    expect(firsts).toEqual([1, 501, 501, 1_001]);
    expect(broker.messages('events').flatMap((m) => m.body.events.map((e) => e.seq))).toEqual(Array.from({ length: 1_300 }, (_, i) => i + 1));
  });

  it('keeps telemetry while offline, thinned to its bound, and sends it at QoS 0 after reconnecting', async () => {
    const { broker, session, clock } = await start({ session: { telemetryCapacity: 100 } });
    broker.isRefusingConnections = true;
    broker.dropAll();
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    for (let s = 0; s < 1_000; s += 10) {
      session.publishTelemetry({
        intervalMs: 1_000,
        samples: Array.from({ length: 10 }, (_, i) => ({ ts: new Date((s + i) * 1_000).toISOString(), services: [] })),
      });
    }
    expect(session.counters().telemetryThinned).toBeGreaterThan(0);
    broker.isRefusingConnections = false;
    await clock.advance(120_000);
    await vi.waitFor(() => expect(broker.messages('telemetry')).not.toHaveLength(0));
    await session.idle();
    const samples = broker.messages('telemetry').flatMap((m) => m.body.samples);
    expect(samples.length).toBeLessThanOrEqual(100);
    expect(samples.length + session.counters().telemetryThinned).toBe(1_000);
    expect(samples.at(-1)?.ts).toBe(new Date(999_000).toISOString());
    expect(broker.accepted.filter((m) => m.topic.endsWith('/telemetry')).every((m) => m.qos === 0)).toBe(true);
  });
});
