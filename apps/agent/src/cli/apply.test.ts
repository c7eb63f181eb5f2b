import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyLine } from '../control/contract.js';
import { captureIo, sendLines, startFakeControlServer, type FakeControlServer } from './fixtures/fake-control-server.js';
import { runCli } from './program.js';

const MANIFEST = `name: vision
services:
  camera:
    image: nginx:1.25
    resources:
      memoryBytes: 64Mi
`;

const accepted: ApplyLine = { type: 'accepted', appId: 'vision', releaseId: 'a1b2c3d4e5f6a7b8c9d0', unchanged: false, warnings: [] };
const pull = (currentBytes: number, status: string, layersDone = 0): ApplyLine => ({
  type: 'pull',
  image: 'nginx:1.25',
  currentBytes,
  totalBytes: 3 * 1024 * 1024,
  layersDone,
  layersTotal: 2,
  status,
});
const healthy: ApplyLine = { type: 'done', health: { state: 'healthy' }, rolledBack: false };

describe('gantry-agent apply', () => {
  let sut: FakeControlServer;
  let answer: ApplyLine[];
  let files: string;

  beforeEach(async () => {
    answer = [];
    sut = await startFakeControlServer({ 'POST /v1/apply': (_request, res) => sendLines(res, answer) });
    files = await mkdtemp(join(tmpdir(), 'gantry-manifests-'));
  });
  afterEach(async () => {
    await sut.close();
    await rm(files, { recursive: true, force: true });
  });

  async function manifestFile(name: string, text = MANIFEST): Promise<string> {
    const path = join(files, name);
    await writeFile(path, text);
    return path;
  }

  it('shows one progress line per pull status change, the steps and the result, and exits 0', async () => {
    answer = [
      accepted,
      pull(0, 'Pulling fs layer'),
      pull(1024, 'Downloading'),
      pull(900_000, 'Downloading'),
      pull(2_000_000, 'Downloading'),
      pull(3 * 1024 * 1024, 'Pull complete', 2),
      { type: 'step', action: 'create', service: 'camera', reason: 'new service' },
      { type: 'step', action: 'start', service: 'camera', reason: 'new service' },
      healthy,
    ];
    const io = captureIo(sut.env);

    const code = await runCli(['apply', '-f', await manifestFile('vision.yaml')], io);

    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out().split('\n')).toEqual([
      "accepted: release a1b2c3d4e5f6 of app 'vision'",
      'pull nginx:1.25: Pulling fs layer (0 bytes of 3 MiB, 0/2 layers)',
      'pull nginx:1.25: Downloading (1 KiB of 3 MiB, 0/2 layers)',
      'pull nginx:1.25: Pull complete (3 MiB of 3 MiB, 2/2 layers)',
      'step create camera: new service',
      'step start camera: new service',
      "done: release a1b2c3d4e5f6 of app 'vision' runs and is healthy",
      '',
    ]);
    expect(sut.requests[0]?.body).toEqual({ manifest: MANIFEST, format: 'yaml' });
  });

  it('prints each issue of an invalid manifest as path (line N): message and exits 65', async () => {
    answer = [
      {
        type: 'invalid',
        issues: [
          { path: 'services.camera.image', line: 4, message: "'nginx:' is not an image reference" },
          { path: 'name', message: 'required' },
        ],
        warnings: [],
      },
    ];
    const io = captureIo(sut.env);

    const code = await runCli(['apply', '-f', await manifestFile('vision.yaml')], io);

    expect(code).toBe(65);
    expect(io.err()).toContain("services.camera.image (line 4): 'nginx:' is not an image reference\n");
    expect(io.err()).toContain('name: required\n');
    expect(io.err()).toContain('if it is a compose file, pass --format compose');
  });

  it('prints the reasons of a refused target and exits 77', async () => {
    answer = [{ type: 'refused', reasons: ["memory: the target asks for 512 MiB but this gateway has 312 MiB allocatable (vision/camera 512 MiB)"] }];
    const io = captureIo(sut.env);

    const code = await runCli(['apply', '-f', await manifestFile('vision.yaml')], io);

    expect(code).toBe(77);
    expect(io.err()).toContain('this gateway refuses the target:\n  - memory: the target asks for 512 MiB but this gateway has 312 MiB allocatable');
  });

  it('exits 1 when the release was rolled back', async () => {
    answer = [accepted, { type: 'done', health: { state: 'failed', reason: 'camera restarted 5 times' }, rolledBack: true }];
    const io = captureIo(sut.env);

    const code = await runCli(['apply', '-f', await manifestFile('vision.yaml')], io);

    expect(code).toBe(1);
    expect(io.err()).toContain("rolled back: release a1b2c3d4e5f6 of app 'vision' did not become healthy: camera restarted 5 times");
  });

  it('reads a compose file by its name, passes --name, and stops after accepted with --no-wait', async () => {
    answer = [accepted, healthy];
    const io = captureIo(sut.env);
    const path = await manifestFile('docker-compose.yml', 'services:\n  camera:\n    image: nginx:1.25\n');

    const code = await runCli(['apply', '-f', path, '--name', 'vision', '--no-wait'], io);

    expect(code).toBe(0);
    expect(sut.requests[0]?.body).toMatchObject({ format: 'compose', name: 'vision' });
    expect(io.out()).toContain('not waiting (--no-wait)');
    expect(io.out()).not.toContain('done:');
  });

  it('reads the manifest from stdin with -f -', async () => {
    answer = [accepted, healthy];
    const io = captureIo(sut.env, { stdin: '{"name":"vision","services":{}}' });

    const code = await runCli(['apply', '-f', '-'], io);

    expect(code).toBe(0);
    expect(sut.requests[0]?.body).toEqual({ manifest: '{"name":"vision","services":{}}', format: 'json' });
  });

  it('exits 66 when the manifest file cannot be read', async () => {
    const io = captureIo(sut.env);

    const code = await runCli(['apply', '-f', join(files, 'missing.yaml')], io);

    expect(code).toBe(66);
    expect(io.err()).toContain(`cannot read the manifest ${join(files, 'missing.yaml')}`);
  });

  it('exits 76 when the answer ends without a result', async () => {
    answer = [accepted];
    const io = captureIo(sut.env);

    const code = await runCli(['apply', '-f', await manifestFile('vision.yaml')], io);

    expect(code).toBe(76);
    expect(io.err()).toContain('without a result');
  });

  it('keeps working on a terminal, where pulls are bars', async () => {
    answer = [accepted, pull(1024, 'Downloading'), pull(3 * 1024 * 1024, 'Pull complete', 2), healthy];
    const io = captureIo(sut.env, { isTTY: true });

    const code = await runCli(['apply', '-f', await manifestFile('vision.yaml')], io);

    expect(code).toBe(0);
    expect(io.out()).toContain('runs and is healthy');
  });
});

describe('gantry-agent without a running agent', () => {
  it('says the agent is not running, how to start it, and exits 69', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gantry-empty-'));
    try {
      const configPath = join(dataDir, 'agent.yaml');
      await writeFile(configPath, `dataDir: ${dataDir}\n`);
      const io = captureIo({ GANTRY_CONFIG: configPath });

      const code = await runCli(['status'], io);

      expect(code).toBe(69);
      expect(io.err()).toBe(
        `error: the Gantry agent is not running (no socket at ${join(dataDir, 'agent.sock')}): start it with \`gantry-agent run\`\n`,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
