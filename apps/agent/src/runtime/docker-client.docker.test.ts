import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLIENT = join(import.meta.dirname, 'docker-client.ts');

/** Runs `script` in a fresh Node process (this one has loaded dockerode whole already) and returns what it printed. */
async function inFreshNode(script: string): Promise<string> {
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
  return stdout.trim();
}

const LOADED = `
const { createRequire } = await import('node:module');
const loaded = (name) => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/' + name + '/'));
`;

describe('createDockerClient', () => {
  it('talks to the engine without loading the SSH transport or the BuildKit session', async () => {
    const out = await inFreshNode(`${LOADED}
const { createDockerClient } = await import(${JSON.stringify(CLIENT)});
const docker = createDockerClient({ socketPath: '/var/run/docker.sock' });
const version = await docker.version();
console.log(JSON.stringify({ version: version.ApiVersion, dockerode: loaded('dockerode'), ssh2: loaded('ssh2'), grpc: loaded('@grpc/grpc-js'), tar: loaded('tar-stream') }));
`);
    const seen: unknown = JSON.parse(out);
    expect(seen).toEqual({ version: expect.stringMatching(/^1\.\d+$/), dockerode: true, ssh2: false, grpc: false, tar: false });
  });

  it('loads a deferred part on its first call and hands the call over', async () => {
    const out = await inFreshNode(`${LOADED}
const { createDockerClient, DEFERRED_DOCKER_PARTS, resolvePart } = await import(${JSON.stringify(CLIENT)});
createDockerClient({ socketPath: '/var/run/docker.sock' });
const require = createRequire(import.meta.url);
const ssh = require(resolvePart('docker-modem', 'ssh.js'));
const before = loaded('ssh2');
const agent = ssh({ host: '127.0.0.1' });
const parts = DEFERRED_DOCKER_PARTS.map(([pkg, file]) => typeof require(resolvePart(pkg, file)));
console.log(JSON.stringify({ before, after: loaded('ssh2'), agent: typeof agent.createConnection, parts }));
`);
    const seen: unknown = JSON.parse(out);
    expect(seen).toEqual({ before: false, after: true, agent: 'function', parts: ['function', 'function', 'object'] });
  });

  it('packs a build context through a deferred tar-fs, loading it on that first call', async () => {
    const out = await inFreshNode(`${LOADED}
const { createDockerClient, resolvePart } = await import(${JSON.stringify(CLIENT)});
createDockerClient({ socketPath: '/var/run/docker.sock' });
const tar = createRequire(import.meta.url)(resolvePart('tar-fs', 'index.js'));
const before = loaded('tar-stream');
let bytes = 0;
for await (const chunk of tar.pack(${JSON.stringify(import.meta.dirname)}, { entries: ['docker-client.ts'] })) bytes += chunk.length;
console.log(JSON.stringify({ before, after: loaded('tar-stream'), bytes }));
`);
    const seen = JSON.parse(out) as { before: boolean; after: boolean; bytes: number };
    expect(seen).toMatchObject({ before: false, after: true });
    expect(seen.bytes).toBeGreaterThan(1024);
  });
});
