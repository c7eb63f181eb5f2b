import { buildTopic, createMessage, KnownDesiredDocuments } from '@gantry/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentState } from '../store/agent-state.js';
import { MemoryStore, type MemoryRuntime } from '../test-support/memory-ports.js';
import { BOOT_ID, DEVICE_ID, desired, desiredMessage, desiredTopic, hashOf, startSession, wire } from '../test-support/sync-harness.js';

const MiB = 1024 * 1024;

/** A store whose saves wait until the test opens the gate. */
class GatedStore extends MemoryStore {
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  savesStarted = 0;
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }
  override async save(state: AgentState): Promise<void> {
    this.savesStarted += 1;
    await this.gate;
    await super.save(state);
  }
}

/** Makes the runtime's pulls wait until the test opens the gate. */
function gatePulls(runtime: MemoryRuntime): { readonly waiting: number; open(): void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const pull = runtime.pull.bind(runtime);
  const pulls = { waiting: 0, open: () => open() };
  runtime.pull = async (image: string) => {
    pulls.waiting += 1;
    await gate;
    await pull(image);
  };
  return pulls;
}

/** Makes the runtime's reads of the gateway wait until the test opens the gate. */
function gateReads(runtime: MemoryRuntime): { readonly waiting: number; open(): void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const read = runtime.readCurrent.bind(runtime);
  const reads = { waiting: 0, open: () => open() };
  runtime.readCurrent = async () => {
    reads.waiting += 1;
    await gate;
    return read();
  };
  return reads;
}

describe('SyncSession: connection, desired state and reports', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  async function start(options: Parameters<typeof startSession>[0] = {}) {
    const harness = await startSession(options);
    stops.push(harness.stop);
    return harness;
  }

  /** A session holding acks up to `reportHoldMs`, whose first desired state is stored and waits on its image pull. */
  async function ackWaitingOnPull(reportHoldMs: number) {
    const harness = await start({ session: { reportHoldMs } });
    await vi.waitFor(() => expect(harness.session.counters().reportsSent).toBeGreaterThan(0));
    await harness.session.idle();
    const sentBefore = harness.session.counters().reportsSent;
    const pulled = gatePulls(harness.runtime);
    harness.broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(pulled.waiting).toBe(1));
    return { ...harness, pulled, sentBefore };
  }

  it('connects with its credentials and an offline Will, says online (retained) and subscribes to desired and cmd/+', async () => {
    const { broker } = await start();
    await vi.waitFor(() => expect(broker.subscriptions).toHaveLength(1));
    const [connect] = broker.connects;
    expect(connect).toMatchObject({ clientId: DEVICE_ID, username: DEVICE_ID, password: 'a-long-enough-secret' });
    expect(connect?.will).toMatchObject({ topic: `gantry/v1/${DEVICE_ID}/status`, qos: 1, retain: true });
    expect(JSON.parse(connect?.will.payload ?? '{}')).toMatchObject({ body: { state: 'offline', reason: 'connection-lost', bootId: BOOT_ID } });
    const status = broker.accepted.find((m) => m.topic.endsWith('/status'));
    expect(status).toMatchObject({ qos: 1, retain: true });
    expect(broker.messages('status').map((m) => m.body)).toEqual([
      { state: 'online', agentVersion: '1.2.3', bootId: BOOT_ID, platform: { os: 'linux', arch: 'arm64', cgroupVersion: 2 } },
    ]);
    expect(broker.subscriptions[0]).toEqual([`gantry/v1/${DEVICE_ID}/desired`, `gantry/v1/${DEVICE_ID}/cmd/+`]);
  });

  it('stores a newer desired state durably before acking it in reported', async () => {
    const store = new GatedStore();
    const { broker } = await start({ store });
    await vi.waitFor(() => expect(broker.subscriptions).toHaveLength(1));
    store.hold();
    const message = desiredMessage(desired(1));
    broker.publish(desiredTopic, wire('desired', message), { retain: true });
    await vi.waitFor(() => expect(store.savesStarted).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(broker.messages('reported').filter((r) => r.body.ackedVersion === 1)).toEqual([]);
    expect(store.saved.target).toBeNull();
    store.release();
    await vi.waitFor(() => expect(broker.messages('reported').some((r) => r.body.ackedVersion === 1)).toBe(true));
    const ack = broker.messages('reported').find((r) => r.body.ackedVersion === 1);
    expect(store.saved.target).toMatchObject({ source: 'cloud', version: 1, hash: hashOf(1) });
    expect(ack?.parentId).toBe(message.id);
    expect(ack?.body.ackedHash).toBe(hashOf(1));
  });

  it('stores, runs and acks a document whose validated value it shares with another session of the process', async () => {
    const knownDesired = new KnownDesiredDocuments();
    const gateways = [await start({ session: { knownDesired } }), await start({ session: { knownDesired } })];
    const message = desiredMessage(desired(1));
    for (const { broker } of gateways) {
      await vi.waitFor(() => expect(broker.subscriptions).toHaveLength(1));
      broker.publish(desiredTopic, wire('desired', message), { retain: true });
    }
    for (const { broker, runtime, session } of gateways) {
      await vi.waitFor(() => expect(broker.messages('reported').some((r) => r.body.ackedVersion === 1)).toBe(true));
      await session.idle();
      await vi.waitFor(() => expect(runtime.state.containers.map((c) => [c.releaseId, c.state])).toEqual([['r1', 'running']]));
    }
    expect(knownDesired.get(JSON.stringify(JSON.parse(wire('desired', message)).body))).toEqual(desired(1));
  });

  it('ignores a desired state older than the stored one, and acks an equal one again without storing it', async () => {
    const { broker, store, session } = await start();
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(2))));
    await vi.waitFor(() => expect(broker.messages('reported').some((r) => r.body.ackedVersion === 2)).toBe(true));
    await session.idle();
    const saves = store.saves;
    const reports = session.counters().reportsSent;
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(session.counters().desiredIgnored).toBe(1));
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(2))));
    await vi.waitFor(() => expect(session.counters().desiredIgnored).toBe(2));
    await session.idle();
    expect(store.saves).toBe(saves);
    expect(store.saved.target?.version).toBe(2);
    expect(session.counters().reportsSent).toBe(reports + 1);
    expect(broker.messages('reported').at(-1)?.body.ackedVersion).toBe(2);
  });

  it('drops and counts invalid desired payloads, and they change nothing', async () => {
    const { broker, store, session } = await start();
    await vi.waitFor(() => expect(broker.subscriptions).toHaveLength(1));
    const otherDevice = createMessage('desired', desired(5), { deviceId: 'gw-99' });
    broker.publish(desiredTopic, '{"kind": "desired", ');
    broker.publish(desiredTopic, wire('desired', otherDevice));
    broker.publish(desiredTopic, JSON.stringify({ ...desiredMessage(desired(6)), body: { ...desired(6), version: 0 } }));
    broker.publish(desiredTopic, JSON.stringify({ ...desiredMessage(desired(7)), protocol: '2.0' }));
    await vi.waitFor(() => expect(session.counters().desiredInvalid).toEqual({ 'not-json': 1, 'topic-mismatch': 1, invalid: 1, 'unsupported-version': 1 }));
    await session.idle();
    expect(store.saves).toBe(0);
    expect(store.saved.target).toBeNull();
    expect(session.counters().desiredReceived).toBe(0);
  });

  it('refuses a same-version desired state with other content and keeps the stored one', async () => {
    const { broker, store, session } = await start();
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(3))));
    await vi.waitFor(() => expect(store.saved.target?.version).toBe(3));
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(3, { releaseId: 'other', tag: 'b' }))));
    await vi.waitFor(() => expect(session.counters().desiredConflicts).toBe(1));
    expect(store.saved.target?.apps['site']?.releaseId).toBe('r3');
  });

  it('reports a target over allocatable as refused without acking it, and does not weigh it twice', async () => {
    const { broker, session } = await start();
    const big = desired(4, { memoryBytes: 512 * MiB });
    broker.publish(desiredTopic, wire('desired', desiredMessage(big)));
    await vi.waitFor(() => expect(broker.messages('reported').some((r) => r.body.target.state === 'refused')).toBe(true));
    const report = broker.messages('reported').find((r) => r.body.target.state === 'refused');
    expect(report?.body).toMatchObject({ ackedVersion: 0, ackedHash: null, target: { version: 4, state: 'refused', reason: expect.stringMatching(/^memory: the target asks for 512 MiB/) } });
    broker.publish(desiredTopic, wire('desired', desiredMessage(big)));
    await vi.waitFor(() => expect(session.counters().desiredIgnored).toBe(1));
    expect(session.counters().desiredRefused).toBe(1);
    await session.idle();
    expect(broker.messages('events').flatMap((m) => m.body.events).filter((e) => e.type === 'target.refused')).toHaveLength(1);
  });

  it('reports the converged state once a target runs: app, service, release, health and caps', async () => {
    const { broker } = await start();
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(broker.messages('reported').at(-1)?.body.target.state).toBe('converged'));
    const report = broker.messages('reported').at(-1)?.body;
    expect(report).toMatchObject({
      ackedVersion: 1,
      target: { version: 1, state: 'converged' },
      gateway: { allocatable: { memoryBytes: 256 * MiB } },
      apps: {
        site: {
          state: 'running',
          releaseId: 'r1',
          lastGoodReleaseId: 'r1',
          services: {
            api: {
              state: 'running',
              health: 'healthy',
              releaseId: 'r1',
              restartCount: 0,
              lastError: null,
              caps: { applied: { memoryBytes: 64 * MiB, nanoCpus: 500_000_000 }, verification: 'unverified' },
            },
          },
        },
      },
    });
  });

  it('lets a report linger, so the ack of a desired state and its release running go as one report', async () => {
    const { broker, session, clock } = await start({ session: { reportLingerMs: 250 } });
    // The report of the connection itself goes at once.
    await vi.waitFor(() => expect(session.counters().reportsSent).toBe(1));
    await session.idle();
    const sentBefore = session.counters().reportsSent;
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(session.counters().desiredStored).toBe(1));
    await clock.advance(249);
    expect(session.counters().reportsSent).toBe(sentBefore);
    await clock.advance(1);
    await vi.waitFor(() => expect(session.counters().reportsSent).toBe(sentBefore + 1));
    await session.idle();
    expect(session.counters().reportsSent).toBe(sentBefore + 1);
    expect(broker.messages('reported').at(-1)?.body).toMatchObject({ ackedVersion: 1, target: { version: 1, state: 'converged' } });
  });

  it('holds a report while the supervisor reconciles, so the ack and the release running go as one report', async () => {
    const { broker, session, clock, pulled, sentBefore } = await ackWaitingOnPull(5_000);
    expect(session.counters().desiredStored).toBe(1);
    await clock.advance(4_999);
    expect(session.counters().reportsSent).toBe(sentBefore);
    pulled.open();
    await vi.waitFor(() => expect(session.counters().reportsSent).toBe(sentBefore + 1));
    await session.idle();
    expect(session.counters().reportsSent).toBe(sentBefore + 1);
    expect(broker.messages('reported').at(-1)?.body).toMatchObject({ ackedVersion: 1, target: { version: 1, state: 'converged' } });
  });

  it('holds a report no longer than reportHoldMs: the ack goes while a slow pull goes on', async () => {
    const { broker, session, clock, pulled, sentBefore } = await ackWaitingOnPull(5_000);
    await clock.advance(4_999);
    expect(session.counters().reportsSent).toBe(sentBefore);
    await clock.advance(1);
    await vi.waitFor(() => expect(session.counters().reportsSent).toBe(sentBefore + 1));
    expect(broker.messages('reported').at(-1)?.body).toMatchObject({ ackedVersion: 1, target: { version: 1, state: 'applying' } });
    pulled.open();
    await vi.waitFor(() => expect(broker.messages('reported').at(-1)?.body).toMatchObject({ target: { version: 1, state: 'converged' } }));
  });

  it('holds only a report that acks: a change found while the supervisor is busy goes at once', async () => {
    const { broker, session, runtime, supervisor } = await start({ session: { reportHoldMs: 5_000 } });
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(broker.messages('reported').at(-1)?.body).toMatchObject({ target: { version: 1, state: 'converged' } }));
    await session.idle();
    const sentBefore = session.counters().reportsSent;
    const current = await runtime.readCurrent();
    // The next reconcile waits on the engine, so the supervisor stays busy.
    const engine = gateReads(runtime);
    supervisor.trigger();
    await vi.waitFor(() => expect(engine.waiting).toBe(1));
    const [container] = current.containers;
    if (container === undefined) throw new Error('no container');
    session.reconciled({ ...current, containers: [{ ...container, state: 'exited', exitCode: 137 }] });
    await vi.waitFor(() => expect(session.counters().reportsSent).toBe(sentBefore + 1));
    engine.open();
  });

  it('sends a held ack when it stops, before saying offline', async () => {
    const { broker, session, pulled } = await ackWaitingOnPull(60_000);
    await session.stop();
    pulled.open();
    const order = broker.accepted.filter((m) => m.topic.endsWith('/reported') || m.topic.endsWith('/status')).map((m) => JSON.parse(String(m.payload)) as { kind: string; body: Record<string, unknown> });
    const ack = order.findIndex((m) => m.kind === 'reported' && m.body['ackedVersion'] === 1);
    const offline = order.findIndex((m) => m.kind === 'status' && m.body['state'] === 'offline');
    expect(ack).toBeGreaterThanOrEqual(0);
    expect(ack).toBeLessThan(offline);
  });

  it('sends a lingering report when it stops, before saying offline', async () => {
    const { broker, session } = await start({ session: { reportLingerMs: 60_000 } });
    await vi.waitFor(() => expect(session.counters().reportsSent).toBe(1));
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(session.counters().desiredStored).toBe(1));
    await session.stop();
    const order = broker.accepted.filter((m) => m.topic.endsWith('/reported') || m.topic.endsWith('/status')).map((m) => JSON.parse(String(m.payload)) as { kind: string; body: Record<string, unknown> });
    const ack = order.findIndex((m) => m.kind === 'reported' && m.body['ackedVersion'] === 1);
    const offline = order.findIndex((m) => m.kind === 'status' && m.body['state'] === 'offline');
    expect(ack).toBeGreaterThanOrEqual(0);
    expect(ack).toBeLessThan(offline);
  });

  it('coalesces the reports of an outage into the newest one', async () => {
    const { broker, session, clock, runtime, supervisor } = await start();
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(broker.messages('reported').at(-1)?.body.target.state).toBe('converged'));
    await session.idle();
    broker.isRefusingConnections = true;
    broker.dropAll();
    await vi.waitFor(() => expect(session.connection()).toBe('waiting'));
    const sentBefore = session.counters().reportsSent;
    const api = () => runtime.state.containers[0];
    for (let restarts = 1; restarts <= 30; restarts += 1) {
      const container = api();
      if (container) container.restartCount = restarts;
      supervisor.trigger();
      await supervisor.idle();
    }
    await session.idle();
    expect(session.counters().reportsSent).toBe(sentBefore);
    broker.isRefusingConnections = false;
    await clock.advance(120_000);
    await vi.waitFor(() => expect(session.counters().reportsSent).toBe(sentBefore + 1));
    await session.idle();
    expect(session.counters().reportsSent).toBe(sentBefore + 1);
    expect(broker.messages('reported').at(-1)?.body.apps['site']?.services['api']?.restartCount).toBe(30);
  });

  it('checks every outgoing report against the schema unless told to skip the check', async () => {
    // A gateway that says it has negative memory: the schema refuses such a report.
    const gateway = () => ({ allocatable: { memoryBytes: -1, nanoCpus: 2_000_000_000 } });
    const errors: string[] = [];
    const log = { info: () => undefined, warn: () => undefined, error: (message: string) => void errors.push(message) };
    const checked = await start({ session: { gateway, log } });
    await vi.waitFor(() => expect(errors.join('\n')).toContain('cannot build a report for the cloud'));
    await checked.session.idle();
    expect(checked.broker.accepted.filter((m) => m.topic.endsWith('/reported'))).toEqual([]);

    let asked = 0;
    const unchecked = await start({ session: { gateway, isOutgoingChecked: () => (asked += 1) < 0 } });
    await vi.waitFor(() => expect(unchecked.broker.accepted.filter((m) => m.topic.endsWith('/reported')).length).toBeGreaterThan(0));
    const [sent] = unchecked.broker.accepted.filter((m) => m.topic.endsWith('/reported'));
    expect(JSON.parse(String(sent?.payload))).toMatchObject({ body: { gateway: { allocatable: { memoryBytes: -1 } } } });
    expect(asked).toBeGreaterThanOrEqual(1);
  });

  it('sends a report only when something changed, unless the cloud needs an answer', async () => {
    const { broker, session, supervisor } = await start();
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(1))));
    await vi.waitFor(() => expect(broker.messages('reported').at(-1)?.body.target.state).toBe('converged'));
    await session.idle();
    const sent = session.counters().reportsSent;
    for (let i = 0; i < 5; i += 1) {
      supervisor.trigger();
      await supervisor.idle();
      session.stateChanged();
    }
    await session.idle();
    expect(session.counters().reportsSent).toBe(sent);
  });

  it('says offline (shutdown) when stopped, and its Will says connection-lost when the broker loses it', async () => {
    const first = await start();
    await vi.waitFor(() => expect(first.broker.subscriptions).toHaveLength(1));
    first.broker.dropAll();
    expect(first.broker.messages('status').at(-1)?.body).toMatchObject({ state: 'offline', reason: 'connection-lost' });
    const second = await start();
    await vi.waitFor(() => expect(second.broker.subscriptions).toHaveLength(1));
    await second.session.stop();
    expect(second.broker.messages('status').at(-1)?.body).toMatchObject({ state: 'offline', reason: 'shutdown' });
    expect(second.broker.retained.get(buildTopic({ kind: 'status', deviceId: DEVICE_ID }))).toContain('"shutdown"');
    expect(second.link.isConnected).toBe(false);
  });
});
