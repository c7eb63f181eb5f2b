import { createServer, type Server } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdentity, type Identity } from '../cloud/identity.js';
import { captureIo } from './fixtures/fake-control-server.js';
import { runCli } from './program.js';

// The enrollment paths that need no controller: refusals before anything is sent, and a
// controller that cannot be reached. Enrolling against a real controller is tested in
// test/e2e/cloud-edge.test.ts.

const TOKEN = 'a-token-of-more-than-16-chars';

const IDENTITY: Identity = {
  controllerUrl: 'https://gantry.example.com',
  deviceId: 'gw-17',
  name: 'gw-17',
  labels: {},
  mqtt: { urls: ['mqtt://gantry.example.com:1883'], username: 'gw-17', password: 'a-secret-of-sixteen-or-more' },
  enrolledAt: '2026-05-01T10:00:00.000Z',
};

describe('gantry-agent enroll', () => {
  let root: string;
  let dataDir: string;
  let closed: Server | undefined;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-enroll-'));
    dataDir = join(root, 'data');
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => (closed ? closed.close(() => resolve()) : resolve()));
    closed = undefined;
    await rm(root, { recursive: true, force: true });
  });

  /** A loopback port that refuses connections. */
  async function deadController(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (address === null || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  }

  async function enroll(args: string[]) {
    const io = captureIo({ GANTRY_DATA_DIR: dataDir });
    const code = await runCli(['enroll', ...args], io);
    return { code, out: io.out(), err: io.err() };
  }

  it('refuses to enroll an enrolled gateway with exit 73, before contacting anyone, and keeps its identity', async () => {
    await createIdentity(dataDir, IDENTITY);
    const before = await readFile(join(dataDir, 'identity.json'), 'utf8');

    const { code, err } = await enroll(['--controller', await deadController(), '--token', TOKEN]);

    expect(code).toBe(73);
    expect(err).toContain('already enrolled as gw-17 with https://gantry.example.com');
    expect(err).toContain('remove that file');
    expect(await readFile(join(dataDir, 'identity.json'), 'utf8')).toBe(before);
  });

  it('exits 69 and stores nothing when the controller cannot be reached', async () => {
    const controller = await deadController();

    const { code, err } = await enroll(['--controller', controller, '--token', TOKEN]);

    expect(code).toBe(69);
    expect(err).toContain(`cannot reach the controller at ${controller}`);
    expect(await readdir(dataDir).catch(() => [])).not.toContain('identity.json');
  });

  it.each([
    [['--controller', 'gantry.example.com', '--token', TOKEN], "give the controller's address as a URL"],
    [['--controller', 'ftp://gantry.example.com', '--token', TOKEN], 'http:// or https://'],
    [['--controller', 'http://127.0.0.1:9', '--token', TOKEN, '--label', 'site'], 'give a label as key=value'],
    [['--token', TOKEN], "required option '--controller <url>' not specified"],
  ])('exits 2 for a bad command line: %j', async (args, message) => {
    const { code, err } = await enroll(args);

    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 2 with the option to fix when the token or a label does not fit the protocol', async () => {
    const { code, err } = await enroll(['--controller', await deadController(), '--token', 'short', '--label', 'site=a b']);

    expect(code).toBe(2);
    expect(err).toMatch(/--token: /);
    expect(err).toMatch(/--label site: /);
    expect(await readdir(dataDir).catch(() => [])).not.toContain('identity.json');
  });
});
