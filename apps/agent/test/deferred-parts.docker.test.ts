// The shipped bundle's deferred parts (build/deferred-parts.ts), run for real: dockerode against
// the engine and mqtt.js against local sockets load none of them for everyday work, and each
// still works the first time it is used.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundleInCache, type CachedBundle } from './bundle-cache.js';

let bundle: CachedBundle;
beforeAll(async () => {
  const fixtures = join(import.meta.dirname, 'fixtures');
  bundle = await buildBundleInCache({ docker: join(fixtures, 'docker-parts-entry.ts'), mqtt: join(fixtures, 'mqtt-parts-entry.ts') });
}, 60_000);
afterAll(async () => {
  await bundle.remove();
});

async function runEntry(entry: string, args: string[] = []): Promise<unknown> {
  const child = spawn(process.execPath, [join(bundle.outdir, `${entry}.js`), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`the bundled entry exited with ${String(code)}:\n${stderr}`);
  return JSON.parse(stdout.trim());
}

describe('the bundled dockerode', () => {
  it('loads no deferred part for a local engine, and loads each one when it is used', async () => {
    const tag = `gantry-test/${uniqueName('deferred')}:1`;
    const seen = await runEntry('docker', ['/var/run/docker.sock', tag]);
    expect(seen).toEqual({
      atStart: { builtins: [], packages: [] },
      afterLocal: { builtins: [], packages: [] },
      // A build context goes through tar-fs and zlib, loaded on that first build.
      built: [tag],
      overTls: 'ECONNRESET',
      // ssh2's own words: the SSH transport was loaded and tried the handshake.
      overSsh: 'Error: Connection lost before handshake',
      // tty stays out: docker-modem's request tracing (debug, supports-color) loads only with DEBUG set.
      atEnd: { builtins: ['https', 'tls', 'zlib'], packages: expect.arrayContaining(['ssh2', 'tar-stream']) },
    });
  }, 60_000);
});

describe('the bundled mqtt.js', () => {
  it('loads no TLS, WebSocket, SOCKS or tracing code for an mqtt:// broker, and each transport when it is used', async () => {
    const seen = await runEntry('mqtt');
    expect(seen).toEqual({
      atStart: [],
      // Every attempt reaches the server, which closes the connection.
      overTcp: 'closed',
      afterTcp: [],
      overTls: expect.stringMatching(/^(closed|error ECONNRESET)$/),
      afterTls: ['tls'],
      overWs: expect.stringMatching(/^(closed|error .+)$/),
      afterWs: expect.arrayContaining(['https', 'tls', 'zlib']),
      overSocks: expect.stringMatching(/^(closed|error .+)$/),
      afterSocks: expect.arrayContaining(['assert']),
      connections: 4,
    });
    expect((seen as { afterSocks: string[] }).afterSocks).not.toContain('tty');
  }, 60_000);
});
