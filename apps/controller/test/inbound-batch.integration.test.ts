import { createMessage, EnrollResponseSchema, type EnrollResponse, type GantryEvent, type ReportedState } from '@gantry/protocol';
import { pollUntil } from '@gantry/test-kit';
import type { Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetEvents, type FleetEvent } from '../src/fleet-events/fleet-events.js';
import { FleetSync } from '../src/fleet-sync/fleet-sync.service.js';
import { Metrics } from '../src/metrics/metrics.js';
import { connectEnrolled, type TestGateway } from './gateway-client.js';
import { makeDataDir, startController, type RunningController } from './controller-app.js';

// Messages handed to FleetSync in the same tick share one batch (one transaction): the
// batch must come out as if each message had been handled on its own, in order.

let controller: RunningController;
let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
let sut: FleetSync;
let subscription: Subscription;
const seen: FleetEvent[] = [];

beforeAll(async () => {
  dataDir = await makeDataDir();
  controller = await startController(dataDir.path);
  sut = controller.app.get(FleetSync);
  subscription = controller.app.get(FleetEvents).stream.subscribe((event) => seen.push(event));
});

afterAll(async () => {
  subscription.unsubscribe();
  await controller.close();
  await dataDir.remove();
});

async function enroll(deviceId: string): Promise<EnrollResponse> {
  const token = (await controller.api('/enrollment-tokens', { method: 'POST', body: { labels: { batch: 'yes' } } })).body as { token: string };
  const response = await controller.api('/enroll', { method: 'POST', body: { token: token.token, deviceId, agentVersion: '0.1.0' }, anonymous: true });
  expect(response.status).toBe(201);
  return EnrollResponseSchema.parse(response.body);
}

function reported(ackedVersion: number): ReportedState {
  return {
    ackedVersion,
    ackedHash: null,
    target: { version: ackedVersion, state: 'converged' },
    apps: {},
    gateway: { allocatable: { nanoCpus: 1_000_000_000, memoryBytes: 512 * 1024 * 1024 } },
  };
}

function event(seq: number): GantryEvent {
  return { seq, ts: new Date().toISOString(), type: 'service.started', detail: { app: 'thermo', service: 'sensor', releaseId: 'thermo@1', containerId: 'b'.repeat(64) } };
}

const eventsOf = (deviceId: string, ...seqs: number[]) => createMessage('events', { events: seqs.map(event) }, { deviceId });
const reportOf = (deviceId: string, ackedVersion: number) => createMessage('reported', reported(ackedVersion), { deviceId });

async function timeline(deviceId: string): Promise<{ seq: number; type: string; at: string; detail: Record<string, unknown> }[]> {
  const response = await controller.api(`/devices/${deviceId}/events`);
  expect(response.status).toBe(200);
  return (response.body as { items: { seq: number; type: string; at: string; detail: Record<string, unknown> }[] }).items;
}

async function device(id: string): Promise<{ reported: ReportedState | null; desired: { ackedVersion: number } }> {
  return (await controller.api(`/devices/${id}`)).body as { reported: ReportedState | null; desired: { ackedVersion: number } };
}

const gapsCounted = async (): Promise<number> => (await controller.app.get(Metrics).eventGaps.get()).values[0]?.value ?? 0;
const unknownCounted = async (): Promise<number> =>
  (await controller.app.get(Metrics).invalidPayloads.get()).values.find((value) => value.labels['reason'] === 'unknown-device')?.value ?? 0;

describe('ingesting gateway messages in batches', () => {
  it('takes in the reports of many gateways sent at once over MQTT, each gateway’s in the order it sent them', async () => {
    const ids = Array.from({ length: 24 }, (_, index) => `gw-batch-${String(index).padStart(2, '0')}`);
    const gateways: TestGateway[] = [];
    for (const id of ids) gateways.push(await connectEnrolled(await enroll(id)));
    try {
      await Promise.all(gateways.map((gateway) => Promise.all([1, 2, 3, 4].map((version) => gateway.send('reported', reported(version))))));
      const acksOf = (id: string) => seen.flatMap((seenEvent) => (seenEvent.type === 'device.reported' && seenEvent.deviceId === id ? [seenEvent.ackedVersion] : []));
      await pollUntil(() => ids.every((id) => acksOf(id).length === 4), { what: 'four device.reported per gateway' });
      for (const id of ids) {
        expect(acksOf(id), id).toEqual([1, 2, 3, 4]);
        const stored = await device(id);
        expect(stored.reported?.ackedVersion, id).toBe(4);
        expect(stored.desired.ackedVersion, id).toBe(4);
      }
    } finally {
      await Promise.all(gateways.map((gateway) => gateway.close()));
    }
  });

  it('applies two reports of one gateway in one batch in order; the ack never goes back', async () => {
    await enroll('gw-batch-order');
    await Promise.all([sut.onReported(reportOf('gw-batch-order', 5)), sut.onReported(reportOf('gw-batch-order', 3))]);
    const stored = await device('gw-batch-order');
    expect(stored.reported?.ackedVersion).toBe(3);
    expect(stored.desired.ackedVersion).toBe(5);
  });

  it('stores a redelivered events message once, also when both copies are in the same batch', async () => {
    await enroll('gw-batch-redeliver');
    await enroll('gw-batch-other');
    const message = eventsOf('gw-batch-redeliver', 1, 2);
    const before = seen.length;
    await Promise.all([sut.onEvents(message), sut.onEvents(message), sut.onEvents(eventsOf('gw-batch-other', 1))]);
    await sut.onEvents(message);
    expect((await timeline('gw-batch-redeliver')).map((item) => item.seq)).toEqual([2, 1]);
    expect((await timeline('gw-batch-other')).map((item) => item.seq)).toEqual([1]);
    expect(seen.slice(before).filter((seenEvent) => seenEvent.type === 'device.events')).toEqual([
      { type: 'device.events', deviceId: 'gw-batch-redeliver', count: 2 },
      { type: 'device.events', deviceId: 'gw-batch-other', count: 1 },
    ]);
  });

  it('finds gaps in a batch per gateway, counts them once, and closes them when the late events arrive', async () => {
    await enroll('gw-batch-gap-a');
    await enroll('gw-batch-gap-b');
    const counted = await gapsCounted();
    await Promise.all([
      sut.onEvents(eventsOf('gw-batch-gap-a', 1, 2)),
      sut.onEvents(eventsOf('gw-batch-gap-b', 1)),
      sut.onEvents(eventsOf('gw-batch-gap-a', 5, 6)),
      sut.onEvents(eventsOf('gw-batch-gap-b', 3)),
    ]);
    expect((await timeline('gw-batch-gap-a')).map((item) => [item.seq, item.type])).toEqual([
      [6, 'service.started'],
      [5, 'service.started'],
      [3, 'gap'],
      [2, 'service.started'],
      [1, 'service.started'],
    ]);
    expect((await timeline('gw-batch-gap-b')).map((item) => [item.seq, item.type])).toEqual([
      [3, 'service.started'],
      [2, 'gap'],
      [1, 'service.started'],
    ]);
    expect(await gapsCounted()).toBe(counted + 3);
    const firstSeen = (await timeline('gw-batch-gap-a')).find((item) => item.type === 'gap')?.at;

    await Promise.all([sut.onEvents(eventsOf('gw-batch-gap-a', 4)), sut.onEvents(eventsOf('gw-batch-gap-b', 2))]);
    const gapA = (await timeline('gw-batch-gap-a')).filter((item) => item.type === 'gap');
    expect(gapA).toEqual([{ seq: 3, type: 'gap', at: firstSeen, detail: { from: 3, to: 3, missing: 1 } }]);
    expect((await timeline('gw-batch-gap-b')).map((item) => [item.seq, item.type])).toEqual([
      [3, 'service.started'],
      [2, 'service.started'],
      [1, 'service.started'],
    ]);
    // Late arrivals find nothing new missing.
    expect(await gapsCounted()).toBe(counted + 3);
  });

  it('fails only the message that cannot be stored; the rest of its batch is stored', async () => {
    await enroll('gw-batch-good');
    await enroll('gw-batch-bad');
    await enroll('gw-batch-report');
    const unknown = await unknownCounted();
    const poisoned = eventsOf('gw-batch-bad', 1);
    // A detail no JSON column can hold: storing it throws.
    Object.assign(poisoned.body.events[0]?.detail ?? {}, { sizeBytes: 10n });
    const outcomes = await Promise.allSettled([
      sut.onEvents(eventsOf('gw-batch-good', 1, 2)),
      sut.onEvents(poisoned),
      sut.onReported(reportOf('gw-batch-report', 7)),
      sut.onReported(reportOf('gw-batch-nobody', 7)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await timeline('gw-batch-good')).map((item) => item.seq)).toEqual([2, 1]);
    expect(await timeline('gw-batch-bad')).toEqual([]);
    expect((await device('gw-batch-report')).desired.ackedVersion).toBe(7);
    // A gateway the registry does not know is counted, not a failure.
    expect(await unknownCounted()).toBe(unknown + 1);
    // Nothing of the failed message was kept: its numbers still count as not seen.
    await sut.onEvents(eventsOf('gw-batch-bad', 1));
    expect((await timeline('gw-batch-bad')).map((item) => [item.seq, item.type])).toEqual([[1, 'service.started']]);
  });
});
