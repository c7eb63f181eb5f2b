// The shipped bundle's dockerode, run against the real engine: a local client loads none of the
// deferred parts, and each of them still works the first time it is used.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { uniqueName } from '@gantry/test-kit';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBundleOptions } from '../build/bundle-options.js';

let outdir: string;
beforeAll(async () => {
  outdir = await mkdtemp(join(import.meta.dirname, '..', 'dist-test-'));
  await build({ ...agentBundleOptions(outdir), entryPoints: { entry: join(import.meta.dirname, 'fixtures', 'docker-parts-entry.ts') }, sourcemap: false, legalComments: 'none' });
}, 60_000);
afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

async function runEntry(args: string[]): Promise<unknown> {
  const child = spawn(process.execPath, [join(outdir, 'entry.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBUG: '' } });
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
    const seen = await runEntry(['/var/run/docker.sock', tag]);
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
