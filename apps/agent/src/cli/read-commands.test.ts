import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { PsRowSchema, StatusResponseSchema, type PsRow, type StatusResponse } from '../control/contract.js';
import { captureIo, sendJson, sendLines, startFakeControlServer, type FakeControlServer, type Route } from './fixtures/fake-control-server.js';
import { runCli } from './program.js';

const MiB = 1024 * 1024;
const row = (service: Partial<PsRow>): PsRow => ({
  appId: 'vision',
  service: 'camera',
  containerId: 'c0ffee',
  state: 'running',
  health: 'healthy',
  releaseId: 'sha256:0123456789abcdef0123',
  restarts: 0,
  memoryBytes: 23.1 * MiB,
  memoryLimitBytes: 64 * MiB,
  cpuNanoCpus: 20_000_000,
  cpuLimitNanoCpus: 250_000_000,
  caps: 'verified',
  capsDetail: [],
  ...service,
});
const ROWS = [
  row({}),
  row({ service: 'detector', memoryBytes: null, memoryLimitBytes: null, cpuNanoCpus: null, cpuLimitNanoCpus: null, state: 'exited', health: 'none', restarts: 3, caps: 'drift', capsDetail: ['memoryBytes: want 64 MiB, kernel enforces 128 MiB (drift)'] }),
  row({ appId: 'relay', service: 'camera' }),
];

const NOW = new Date('2026-05-01T10:05:00Z');
const STATUS: StatusResponse = {
  agentVersion: '0.1.0',
  dataDir: '/var/lib/gantry',
  docker: { version: '20.10.24', cgroup: 'v1' },
  target: { source: 'local', version: 3, hash: 'abc', receivedAt: '2026-05-01T10:02:00Z' },
  apps: [
    {
      appId: 'vision',
      name: 'vision',
      releaseId: 'rel-1',
      targetReleaseId: 'rel-2',
      lastGoodReleaseId: 'rel-1',
      health: { state: 'healthy' },
      rolledBack: { releaseId: 'rel-2', toReleaseId: 'rel-1', reason: 'camera restarted 5 times', at: '2026-05-01T10:04:00Z' },
      services: 2,
    },
  ],
  capacity: { memoryBytes: 2048 * MiB, nanoCpus: 4_000_000_000, pids: 4096 },
  allocatable: { memoryBytes: 1536 * MiB, nanoCpus: 3_750_000_000, pids: 3584 },
  lastReconcile: { at: '2026-05-01T10:04:50Z', steps: 0, waiting: ['vision/camera healthy'] },
};

let sut: FakeControlServer | undefined;
afterEach(async () => {
  await sut?.close();
  sut = undefined;
});

async function run(routes: Record<string, Route>, argv: string[], env: NodeJS.ProcessEnv = {}) {
  sut = await startFakeControlServer(routes);
  const io = captureIo({ ...sut.env, ...env });
  const code = await runCli(argv, io, { now: () => NOW });
  return { code, out: io.out(), err: io.err(), requests: sut.requests };
}

describe('gantry-agent ps', () => {
  const routes = { 'GET /v1/ps': ((_request, res) => sendJson(res, 200, { services: ROWS })) satisfies Route };

  it('renders a table of every service with usage against caps', async () => {
    const { code, out } = await run(routes, ['ps']);

    expect(code).toBe(0);
    const [head, first, second] = out.split('\n');
    expect(head?.split(/\s{2,}/)).toEqual(['APP', 'SERVICE', 'STATE', 'HEALTH', 'RELEASE', 'MEMORY', 'CPU', 'RESTARTS', 'CAPS']);
    expect(first?.split(/\s{2,}/)).toEqual(['vision', 'camera', 'running', 'healthy', '0123456789ab', '23.1 MiB / 64 MiB', '0.02 / 0.25', '0', 'verified']);
    expect(second?.split(/\s{2,}/)).toEqual(['vision', 'detector', 'exited', 'none', '0123456789ab', '- / ∞', '- / ∞', '3', 'drift']);
    expect(out).toContain('vision/detector: memoryBytes: want 64 MiB, kernel enforces 128 MiB (drift)');
    // Not a terminal: no escape codes.
    expect(out).not.toContain('\u001b[');
  });

  it('makes headings bold on a terminal, and plain with NO_COLOR', async () => {
    sut = await startFakeControlServer(routes);
    const terminal = captureIo(sut.env, { isTTY: true });
    const noColour = captureIo({ ...sut.env, NO_COLOR: '1' }, { isTTY: true });

    await runCli(['ps'], terminal);
    await runCli(['ps'], noColour);

    expect(terminal.out()).toContain('\u001b[1mAPP');
    expect(noColour.out()).not.toContain('\u001b[');
  });

  it('prints the rows as JSON with --json', async () => {
    const { code, out } = await run(routes, ['ps', '--json']);

    expect(code).toBe(0);
    expect(z.array(PsRowSchema).parse(JSON.parse(out))).toEqual(ROWS);
  });

  it('exits 76 when the agent answers outside the contract', async () => {
    const { code, err } = await run({ 'GET /v1/ps': (_request, res) => sendJson(res, 200, { services: [{ appId: 1 }] }) }, ['ps']);

    expect(code).toBe(76);
    expect(err).toContain("does not match this CLI's contract");
  });

  it('exits 75 when the agent is busy', async () => {
    const { code, err } = await run({ 'GET /v1/ps': (_request, res) => sendJson(res, 503, { error: 'starting', message: 'the agent is starting; try again in a few seconds' }) }, ['ps']);

    expect(code).toBe(75);
    expect(err).toBe('error: the agent is starting; try again in a few seconds\n');
  });
});

describe('gantry-agent status', () => {
  const routes = { 'GET /v1/status': ((_request, res) => sendJson(res, 200, STATUS)) satisfies Route };

  it('summarises the target, resources and apps', async () => {
    const { code, out } = await run(routes, ['status']);

    expect(code).toBe(0);
    expect(out).toContain('target      version 3 applied locally, received 2026-05-01T10:02:00Z (3 min ago)');
    expect(out).toContain('memory      1.5 GiB allocatable of 2 GiB');
    expect(out).toContain('cpu         3.75 CPUs allocatable of 4 CPUs');
    expect(out).toContain('waiting for: vision/camera healthy');
    expect(out).toMatch(/vision\s+rel-1\s+healthy\s+rel-1\s+2/);
    expect(out).toContain('vision: rolled back from release rel-2 to rel-1 60 s ago: camera restarted 5 times');
  });

  it('prints the answer as JSON with --json', async () => {
    const { out } = await run(routes, ['status', '--json']);

    expect(StatusResponseSchema.parse(JSON.parse(out))).toEqual(STATUS);
  });

  it('says the agent runs in local mode when it has not enrolled', async () => {
    const { out } = await run(routes, ['status']);

    expect(out).toContain('cloud       local mode: not enrolled');
  });

  it('shows the cloud connection, the controller and the last sync of an enrolled gateway', async () => {
    const cloud = {
      deviceId: 'gw-17',
      name: 'Line 3',
      controllerUrl: 'https://gantry.example.com',
      connection: 'disconnected' as const,
      brokerUrl: null,
      lastSyncAt: '2026-05-01T10:04:00Z',
      since: '2026-05-01T10:04:30Z',
      pendingEvents: 3,
    };
    const enrolled = { 'GET /v1/status': ((_request, res) => sendJson(res, 200, { ...STATUS, cloud })) satisfies Route };

    const { code, out } = await run(enrolled, ['status']);

    expect(code).toBe(0);
    expect(out).toContain('cloud       disconnected 30 s ago: https://gantry.example.com as gw-17 (Line 3)');
    expect(out).toContain('last sync   2026-05-01T10:04:00Z (60 s ago)');
    expect(out).toContain('3 events waiting to be sent');
  });
});

describe('gantry-agent logs', () => {
  const logs: Route = (_request, res) =>
    sendLines(res, [
      { stream: 'stdout', at: '2026-05-01T10:00:00Z', text: 'listening on :8080' },
      { stream: 'stderr', at: null, text: 'warning: no camera yet\n' },
      { stream: 'stdout', at: null, text: 'frame 1' },
    ]);
  const routes = { 'GET /v1/ps': ((_request, res) => sendJson(res, 200, { services: ROWS })) satisfies Route, 'GET /v1/logs': logs };

  it('streams a service its lines, stdout to stdout and stderr to stderr', async () => {
    const { code, out, err, requests } = await run(routes, ['logs', 'vision/camera', '--tail', '20', '-f']);

    expect(code).toBe(0);
    expect(out).toBe('listening on :8080\nframe 1\n');
    expect(err).toBe('warning: no camera yet\n');
    expect(Object.fromEntries(requests[0]?.query ?? [])).toEqual({ app: 'vision', service: 'camera', tail: '20', follow: '1' });
  });

  it('finds the app of a service only one app has', async () => {
    const { code, requests } = await run(routes, ['logs', 'detector']);

    expect(code).toBe(0);
    expect(requests.at(-1)?.query.get('app')).toBe('vision');
  });

  it('refuses a service name more than one app has, listing them', async () => {
    const { code, err } = await run(routes, ['logs', 'camera']);

    expect(code).toBe(2);
    expect(err).toContain("more than one app has a service 'camera': vision/camera, relay/camera; name one as app/service");
  });

  it('prints JSON lines with --json', async () => {
    const { out } = await run(routes, ['logs', 'vision/camera', '--json']);

    const lines = out.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({ stream: 'stdout', at: '2026-05-01T10:00:00Z', text: 'listening on :8080' });
  });

  it('exits 2 for a tail that is not a number', async () => {
    const { code, err } = await run(routes, ['logs', 'vision/camera', '--tail', 'ten']);

    expect(code).toBe(2);
    expect(err).toContain('give a number of lines');
  });
});

describe('gantry-agent rollback', () => {
  it('names the apps rolled back', async () => {
    const { code, out, requests } = await run({ 'POST /v1/rollback': (_request, res) => sendJson(res, 200, { rolledBack: ['vision'] }) }, ['rollback', 'vision']);

    expect(code).toBe(0);
    expect(out).toContain("rolled back 'vision' to its last good release");
    expect(requests[0]?.body).toEqual({ app: 'vision' });
  });

  it('exits 1 when no app had an older good release', async () => {
    const { code, err } = await run({ 'POST /v1/rollback': (_request, res) => sendJson(res, 200, { rolledBack: [] }) }, ['rollback']);

    expect(code).toBe(1);
    expect(err).toContain('nothing rolled back: no app has an older good release');
  });
});

describe('gantry-agent config errors', () => {
  it('exits 78 for an invalid config file', async () => {
    const { code, err } = await run({}, ['ps'], { GANTRY_UPDATE_STRATEGY: 'sometimes' });

    expect(code).toBe(78);
    expect(err).toContain('invalid config');
    expect(err).toContain('updateStrategy');
  });
});
