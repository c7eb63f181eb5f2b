import { EnrollResponseSchema, type EnrollResponse, type ReportedState } from '@gantry/protocol';
import { pollUntil } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionService } from '../src/telemetry/retention.service.js';
import { connectEnrolled, type TestGateway } from './gateway-client.js';
import { makeDataDir, startController, type RunningController } from './controller-app.js';

let controller: RunningController;
let dataDir: Awaited<ReturnType<typeof makeDataDir>>;

beforeAll(async () => {
  dataDir = await makeDataDir();
  controller = await startController(dataDir.path, { TELEMETRY_MAX_PER_DEVICE: '3' });
});

afterAll(async () => {
  await controller.close();
  await dataDir.remove();
});

async function createToken(body: Record<string, unknown> = {}): Promise<{ id: string; token: string; command: string }> {
  const response = await controller.api('/enrollment-tokens', { method: 'POST', body });
  expect(response.status).toBe(201);
  return response.body as { id: string; token: string; command: string };
}

async function enroll(body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  return controller.api('/enroll', { method: 'POST', body, anonymous: true });
}

async function enrollGateway(deviceId: string, labels: Record<string, string> = {}): Promise<EnrollResponse> {
  const { token } = await createToken({ labels });
  const response = await enroll({ token, deviceId, agentVersion: '0.1.0' });
  expect(response.status).toBe(201);
  return EnrollResponseSchema.parse(response.body);
}

async function device(id: string): Promise<Record<string, unknown>> {
  const response = await controller.api(`/devices/${id}`);
  expect(response.status).toBe(200);
  return response.body as Record<string, unknown>;
}

function reported(ackedVersion: number): ReportedState {
  return {
    ackedVersion,
    ackedHash: null,
    target: { version: ackedVersion, state: 'converged' },
    apps: {
      thermo: {
        state: 'running',
        releaseId: 'thermo@1',
        lastGoodReleaseId: 'thermo@1',
        services: {
          sensor: { state: 'running', health: 'healthy', releaseId: 'thermo@1', containerId: 'a'.repeat(64), restartCount: 0, caps: null, lastError: null },
        },
      },
    },
    gateway: { allocatable: { nanoCpus: 1_500_000_000, memoryBytes: 512 * 1024 * 1024 } },
  };
}

describe('enrollment', () => {
  it('creates a one-time token with the command to paste on a gateway, and lists it without the secret', async () => {
    const created = await createToken({ labels: { site: 'berlin' }, note: 'Berlin rollout', expiresInMinutes: 30 });
    expect(created.token).toMatch(/^gte_/);
    expect(created.command).toBe(`gantry-agent enroll --controller ${controller.baseUrl.replace('/api/v1', '')} --token ${created.token}`);
    const list = (await controller.api('/enrollment-tokens')).body as { items: Record<string, unknown>[] };
    const listed = list.items.find((item) => item['id'] === created.id);
    expect(listed).toMatchObject({ state: 'unused', labels: { site: 'berlin' }, note: 'Berlin rollout' });
    expect(JSON.stringify(list)).not.toContain(created.token);
  });

  it('enrolls a gateway once: credentials, token labels, and the broker to use', async () => {
    const { token } = await createToken({ labels: { site: 'berlin', tier: 'edge' } });
    const response = await enroll({ token, deviceId: 'gw-enroll-1', labels: { site: 'hamburg', model: 'rpi4' }, allocatable: { nanoCpus: 2e9, memoryBytes: 1024 ** 3 } });
    expect(response.status).toBe(201);
    const enrolled = EnrollResponseSchema.parse(response.body);
    expect(enrolled).toMatchObject({ deviceId: 'gw-enroll-1', labels: { site: 'berlin', tier: 'edge', model: 'rpi4' }, mqtt: { username: 'gw-enroll-1' } });
    expect(enrolled.mqtt.urls[0]).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    expect(enrolled.mqtt.urls[1]).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
    expect(await device('gw-enroll-1')).toMatchObject({ status: 'offline', allocatable: { nanoCpus: 2e9 } });

    const again = await enroll({ token, deviceId: 'gw-enroll-2' });
    expect(again).toMatchObject({ status: 401, body: { error: 'enrollment-token-used' } });
    expect((await controller.api('/devices/gw-enroll-2')).status).toBe(404);
  });

  it('refuses unknown tokens, bad bodies, and a taken id without spending the token', async () => {
    expect(await enroll({ token: 'gte_' + 'x'.repeat(40) })).toMatchObject({ status: 401, body: { error: 'enrollment-token-invalid' } });
    const bad = await enroll({ token: 'short', deviceId: 'Not Valid' });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort()).toEqual(['deviceId', 'token']);

    await enrollGateway('gw-taken');
    const { id, token } = await createToken();
    expect(await enroll({ token, deviceId: 'gw-taken' })).toMatchObject({ status: 409, body: { error: 'device-already-exists' } });
    const tokens = (await controller.api('/enrollment-tokens')).body as { items: { id: string; state: string }[] };
    expect(tokens.items.find((item) => item.id === id)?.state).toBe('unused');
    expect(await enroll({ token, deviceId: 'gantry-controller' })).toMatchObject({ status: 409, body: { error: 'device-already-exists' } });
    expect((await enroll({ token, deviceId: 'gw-not-taken' })).status).toBe(201);
  });

  it('refuses an expired token', async () => {
    const { token } = await createToken({ expiresInMinutes: 1 });
    const sql = controller.config.database.type === 'postgres' ? "now() - interval '1 hour'" : "datetime('now', '-1 hour')";
    await controller.app.get((await import('typeorm')).DataSource).query(`UPDATE enrollment_tokens SET expires_at = ${sql}`);
    expect(await enroll({ token, deviceId: 'gw-late' })).toMatchObject({ status: 401, body: { error: 'enrollment-token-expired' } });
  });

  it('deletes a token so it cannot be used', async () => {
    const { id, token } = await createToken();
    expect((await controller.api(`/enrollment-tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await enroll({ token })).status).toBe(401);
    expect((await controller.api(`/enrollment-tokens/${id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('a gateway’s traffic', () => {
  let gateway: TestGateway;
  const stream = { events: [] as { event: string; data: Record<string, unknown> }[], abort: new AbortController() };

  beforeAll(async () => {
    void followStream(`${controller.baseUrl}/fleet/stream`, controller.token ?? '', stream.abort.signal, (event) => stream.events.push(event));
    gateway = await connectEnrolled(await enrollGateway('gw-sync-1', { site: 'lab' }));
  });

  afterAll(async () => {
    stream.abort.abort();
    await gateway.close().catch(() => undefined);
  });

  it('goes online with its status, and the live stream says so', async () => {
    await gateway.send('status', { state: 'online', agentVersion: '0.2.0', bootId: gateway.bootId, platform: { os: 'linux', arch: 'arm64', cgroupVersion: 2 } });
    await pollUntil(async () => (await device('gw-sync-1'))['status'] === 'online', { what: 'gw-sync-1 online' });
    expect(await device('gw-sync-1')).toMatchObject({ agentVersion: '0.2.0', platform: { arch: 'arm64' } });
    await pollUntil(() => stream.events.some((event) => event.event === 'device.online' && event.data['deviceId'] === 'gw-sync-1'), { what: 'device.online on the stream' });
  });

  it('keeps its latest report; the ack never goes backwards', async () => {
    await gateway.send('reported', reported(3));
    await pollUntil(async () => ((await device('gw-sync-1'))['desired'] as { ackedVersion: number }).ackedVersion === 3, { what: 'ack 3' });
    await gateway.send('reported', reported(2));
    await pollUntil(async () => ((await device('gw-sync-1'))['reported'] as ReportedState | null)?.ackedVersion === 2, { what: 'report with ack 2 stored' });
    const detail = await device('gw-sync-1');
    expect(detail['desired']).toMatchObject({ ackedVersion: 3 });
    expect(detail['apps']).toEqual({ thermo: { state: 'running', releaseId: 'thermo@1', services: 1, running: 1 } });
    const list = (await controller.api('/devices?label=site=lab')).body as { items: { id: string; apps: unknown }[] };
    expect(list.items.map((item) => item.id)).toEqual(['gw-sync-1']);
  });

  it('stores events once, records a gap, and closes it when the late events arrive', async () => {
    const event = (seq: number) => ({ seq, ts: new Date().toISOString(), type: 'service.started' as const, detail: { app: 'thermo', service: 'sensor', releaseId: 'thermo@1', containerId: 'b'.repeat(64) } });
    await gateway.send('events', { events: [event(1), event(2)] });
    await gateway.send('events', { events: [event(1), event(2)] });
    await gateway.send('events', { events: [event(5), event(6)] });
    const timeline = async () => ((await controller.api('/devices/gw-sync-1/events')).body as { items: { seq: number; type: string; detail: Record<string, unknown> }[] }).items;
    await pollUntil(async () => (await timeline()).some((item) => item.seq === 6), { what: 'events up to 6' });
    expect((await timeline()).map((item) => [item.seq, item.type])).toEqual([
      [6, 'service.started'],
      [5, 'service.started'],
      [3, 'gap'],
      [2, 'service.started'],
      [1, 'service.started'],
    ]);
    expect((await timeline()).find((item) => item.type === 'gap')?.detail).toEqual({ from: 3, to: 4, missing: 2 });

    await gateway.send('events', { events: [event(4)] });
    await pollUntil(async () => (await timeline()).some((item) => item.seq === 4 && item.type !== 'gap'), { what: 'event 4' });
    expect((await timeline()).map((item) => [item.seq, item.type])).toContainEqual([3, 'gap']);
    expect((await timeline()).find((item) => item.type === 'gap')?.detail).toEqual({ from: 3, to: 3, missing: 1 });
  });

  it('stores telemetry, shows the gateway’s newest usage, and keeps at most the configured samples', async () => {
    const start = Date.now() - 60_000;
    const samples = Array.from({ length: 5 }, (_, index) => ({
      ts: new Date(start + index * 10_000).toISOString(),
      gateway: { cpuNanoCpus: index * 1e8, memoryBytes: (index + 1) * 1_000_000, memoryTotalBytes: 1024 ** 3, pids: 40, blkio: { readBytes: 0, writeBytes: 0 } },
      services: [],
    }));
    await gateway.send('telemetry', { intervalMs: 10_000, samples });
    await pollUntil(async () => ((await controller.api('/devices/gw-sync-1/telemetry')).body as { items: unknown[] }).items.length === 5, { what: '5 samples' });
    expect((await device('gw-sync-1'))['usage']).toMatchObject({ memoryBytes: 5_000_000 });
    const sweep = await controller.app.get(RetentionService).sweep();
    expect(sweep.telemetryOverCap).toBe(2);
    const kept = ((await controller.api('/devices/gw-sync-1/telemetry')).body as { items: { ts: string }[] }).items;
    expect(kept.map((item) => item.ts)).toEqual(samples.slice(2).map((sample) => sample.ts));
  });

  it('drops malformed traffic, counts it by reason, and changes nothing', async () => {
    const before = await device('gw-sync-1');
    await gateway.sendRaw('reported', 'not json');
    await gateway.sendRaw('reported', JSON.stringify({ id: 'x', ts: new Date().toISOString(), deviceId: 'gw-sync-1', protocol: '1.0', kind: 'reported', body: { ackedVersion: -1 } }));
    const metrics = async () => (await fetch(controller.baseUrl.replace('/api/v1', '/metrics'))).text();
    await pollUntil(async () => /gantry_mqtt_invalid_payloads_total\{reason="not-json"\} 1/.test(await metrics()), { what: 'not-json counted' });
    expect(await metrics()).toMatch(/gantry_mqtt_invalid_payloads_total\{reason="invalid"\} 1/);
    expect(await device('gw-sync-1')).toEqual(before);
  });

  it('relabelling is announced on the live stream; a crash sends the Will and takes it offline', async () => {
    expect((await controller.api('/devices/gw-sync-1', { method: 'PATCH', body: { labels: { site: 'lab', floor: '2' } } })).status).toBe(200);
    await pollUntil(() => stream.events.some((event) => event.event === 'device.labels-changed'), { what: 'labels-changed on the stream' });
    expect((await controller.api('/devices/gw-sync-1', { method: 'PATCH', body: { labels: { 'bad key!': 'x' } } })).status).toBe(400);

    gateway.crash();
    await pollUntil(async () => (await device('gw-sync-1'))['status'] === 'offline', { what: 'gw-sync-1 offline from its Will' });
    await pollUntil(() => stream.events.some((event) => event.event === 'device.offline'), { what: 'device.offline on the stream' });
  });

  it('ignores a stale Will from an earlier boot', async () => {
    const enrolled = await enrollGateway('gw-stale-will');
    const first = await connectEnrolled(enrolled);
    await first.send('status', { state: 'online', agentVersion: '0.1.0', bootId: first.bootId });
    await pollUntil(async () => (await device('gw-stale-will'))['status'] === 'online', { what: 'online' });
    const second = await connectEnrolled(enrolled);
    await second.send('status', { state: 'online', agentVersion: '0.1.0', bootId: second.bootId });
    await second.send('status', { state: 'offline', agentVersion: '0.1.0', bootId: first.bootId, reason: 'connection-lost' });
    await second.send('reported', reported(0));
    await pollUntil(async () => (await device('gw-stale-will'))['reported'] !== null, { what: 'report after the stale Will' });
    expect((await device('gw-stale-will'))['status']).toBe('online');
    await second.close();
    await first.close().catch(() => undefined);
  });
});

describe('revocation', () => {
  it('refuses the gateway’s credentials and ends its session', async () => {
    const enrolled = await enrollGateway('gw-revoked');
    const gateway = await connectEnrolled(enrolled);
    const closed = new Promise<void>((resolve) => gateway.client.once('close', () => resolve()));
    expect((await controller.api('/devices/gw-revoked/revoke', { method: 'POST' })).status).toBe(201);
    await closed;
    await expect(connectEnrolled(enrolled)).rejects.toThrow();
    expect(await device('gw-revoked')).toMatchObject({ revoked: true, status: 'offline' });
  });
});

describe('metrics', () => {
  it('times REST requests by route pattern, method and status', async () => {
    await enrollGateway('gw-metrics');
    expect((await controller.api('/devices/gw-metrics')).status).toBe(200);
    expect((await controller.api('/devices/gw-nope')).status).toBe(404);
    const text = await (await fetch(controller.baseUrl.replace('/api/v1', '/metrics'))).text();
    expect(text).toMatch(/gantry_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/devices\/:id",status="200"\} [1-9]/);
    expect(text).toMatch(/gantry_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/devices\/:id",status="404"\} [1-9]/);
    expect(text).not.toContain('gw-nope');
  });
});

describe('API documents', () => {
  it('serves the OpenAPI document of every module, and its UI, without auth', async () => {
    const root = controller.baseUrl.replace('/api/v1', '');
    const document = (await (await fetch(`${root}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const path of ['/api/v1/devices', '/api/v1/devices/{id}/events', '/api/v1/enroll', '/api/v1/enrollment-tokens', '/api/v1/apps/{id}/releases', '/api/v1/deployments', '/api/v1/auth/login', '/api/v1/fleet/stream', '/healthz']) {
      expect(Object.keys(document.paths), path).toContain(path);
    }
    expect(document.paths['/api/v1/enroll']?.['post']).toMatchObject({ requestBody: { content: { 'application/json': { schema: { required: ['token'] } } } } });
    const ui = await fetch(`${root}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });
});

describe('health', () => {
  it('is ready with database and broker up, without auth', async () => {
    const response = await fetch(controller.baseUrl.replace('/api/v1', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'up', broker: 'up', problems: [] });
  });
});

/** Reads a server-sent events stream, calling `onEvent` per event, until aborted. */
async function followStream(url: string, token: string, signal: AbortSignal, onEvent: (event: { event: string; data: Record<string, unknown> }) => void): Promise<void> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) return;
      buffer += chunk.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) onEvent({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  } catch {
    // Aborted at the end of the suite.
  }
}
