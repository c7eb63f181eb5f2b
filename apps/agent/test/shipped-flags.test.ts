// The bin's `#!` line runs V8 in lite mode (src/cli/main.ts), which has no WebAssembly: the
// shipped bundle, run as the executable it is, must do its work under those flags.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBundleInCache, type CachedBundle } from './bundle-cache.js';

let bundle: CachedBundle;
let bin: string;

beforeAll(async () => {
  bundle = await buildBundleInCache();
  bin = join(bundle.outdir, 'gantry-agent.js');
  await chmod(bin, 0o755);
}, 60_000);
afterAll(async () => {
  await bundle.remove();
});

/** The node flags of the bin's `#!/usr/bin/env -S node …` line. */
async function shebangFlags(): Promise<string[]> {
  const first = (await readFile(bin, 'utf8')).split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node (.*)$/.exec(first);
  if (!match?.[1]) throw new Error(`the bin does not start with a node #! line: ${first}`);
  return match[1].split(/\s+/);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    // The bundle itself is the command, so its `#!` line and flags apply as on a gateway.
    const proc = spawn(bin, args, { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.once('error', reject);
    proc.once('close', (code) => resolve({ code, out, err }));
  });
}

describe('the bundled bin under its own V8 flags', () => {
  let root: string;
  let server: Server | undefined;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-flags-'));
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    await rm(root, { recursive: true, force: true });
  });

  it('runs V8 in lite mode without a warning on every command', async () => {
    const flags = await shebangFlags();
    expect(flags).toContain('--lite-mode');
    const result = await run(['--version'], {});
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
  });

  it('enrolls over HTTP, which Node’s fetch could not do without WebAssembly', async () => {
    const received: unknown[] = [];
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, body: JSON.parse(body) as unknown });
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ deviceId: 'gw-lite', name: 'gw-lite', labels: { site: 'lab' }, mqtt: { urls: ['mqtt://127.0.0.1:1883'], username: 'gw-lite', password: 'a-secret-of-sixteen-or-more' } }));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const dataDir = join(root, 'data');
    await writeFile(join(root, 'agent.yaml'), `dataDir: ${dataDir}\n`);

    const result = await run(
      ['enroll', '--controller', `http://127.0.0.1:${address.port}`, '--token', 'a-token-of-more-than-16-chars'],
      { GANTRY_CONFIG: join(root, 'agent.yaml') },
    );

    expect(result.err).not.toContain('WebAssembly');
    expect(result.code, result.err).toBe(0);
    expect(received).toMatchObject([{ method: 'POST', url: '/api/v1/enroll', body: { token: 'a-token-of-more-than-16-chars' } }]);
    const identity = JSON.parse(await readFile(join(dataDir, 'identity.json'), 'utf8')) as { deviceId: string };
    expect(identity.deviceId).toBe('gw-lite');
  });
});
