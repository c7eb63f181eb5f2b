import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deferred } from './deferred-module.js';

const MODULE = join(import.meta.dirname, 'deferred-module.ts');

/** Runs `script` in a fresh Node process (this one has loaded much of it already) and returns what it printed. */
async function inFreshNode(script: string): Promise<unknown> {
  const child = spawn(process.execPath, ['--conditions=@gantry/source', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`the script exited with ${String(code)}:\n${stderr}`);
  return JSON.parse(stdout.trim());
}

const PRELUDE = `
const { createRequire } = await import('node:module');
const { deferredPart, deferredBuiltin } = await import(${JSON.stringify(MODULE)});
const loaded = (name) => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/' + name + '/'));
const builtin = (name) => process.moduleLoadList.includes('NativeModule ' + name);
`;

describe('deferredPart', () => {
  it('stands for a module exporting a function, loading it on the first call', async () => {
    const seen = await inFreshNode(`${PRELUDE}
const ssh = deferredPart('docker-modem', 'ssh.js', null);
const before = loaded('ssh2');
const agent = ssh({ host: '127.0.0.1' });
console.log(JSON.stringify({ type: typeof ssh, before, after: loaded('ssh2'), agent: typeof agent.createConnection }));
`);
    expect(seen).toEqual({ type: 'function', before: false, after: true, agent: 'function' });
  });

  it('stands for an object of functions, each handing its call to the real one', async () => {
    const seen = await inFreshNode(`${PRELUDE}
const tar = deferredPart('tar-fs', 'index.js', ['pack', 'extract']);
const before = loaded('tar-stream');
let bytes = 0;
for await (const chunk of tar.pack(${JSON.stringify(import.meta.dirname)}, { entries: ['deferred-module.ts'] })) bytes += chunk.length;
console.log(JSON.stringify({ names: Object.keys(tar), before, after: loaded('tar-stream'), packed: bytes > 1024 }));
`);
    expect(seen).toEqual({ names: ['pack', 'extract'], before: false, after: true, packed: true });
  });

  it('says which stand-in needs updating when the real module lacks the function', async () => {
    const seen = await inFreshNode(`${PRELUDE}
const tar = deferredPart('tar-fs', 'index.js', ['packItAll']);
console.log(JSON.stringify({ error: (() => { try { tar.packItAll(); } catch (e) { return e.message; } })() }));
`);
    expect(seen).toEqual({ error: expect.stringMatching(/tar-fs\/index\.js does not export packItAll; Gantry's deferred load of it needs updating/) });
  });
});

describe('deferred', () => {
  it('loads once, on the first call, and marks an ES-module-shaped stand-in for __importDefault', () => {
    let loads = 0;
    type Doubler = { default: (a: number) => number; __esModule?: boolean };
    const standIn = deferred(() => ((loads += 1), { default: (a: number) => a * 2 }), ['default'], 'doubler', true) as Doubler;
    expect(loads).toBe(0);
    // TypeScript's CommonJS output: `mod && mod.__esModule ? mod : { default: mod }`.
    const imported: Doubler = standIn.__esModule === true ? standIn : { default: () => Number.NaN };
    expect([imported.default(2), imported.default(5)]).toEqual([4, 10]);
    expect(loads).toBe(1);
    expect(Object.keys(standIn)).toEqual(['default']);
  });
});

describe('deferredBuiltin', () => {
  it('loads the built-in on the first use of a property and then is the built-in', async () => {
    const seen = await inFreshNode(`${PRELUDE}
const zlib = deferredBuiltin('zlib');
const before = builtin('zlib');
const gzip = zlib.createGzip;
const real = createRequire(import.meta.url)('node:zlib');
console.log(JSON.stringify({ before, after: builtin('zlib'), same: gzip === real.createGzip, has: 'gunzipSync' in zlib, keys: Object.keys(zlib).includes('deflateSync') }));
`);
    expect(seen).toEqual({ before: false, after: true, same: true, has: true, keys: true });
  });
});
