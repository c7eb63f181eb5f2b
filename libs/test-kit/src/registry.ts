import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from './poll.js';
import { freePort } from './ports.js';

/** A running local registry. */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`, the prefix for image references pushed to it. */
  host: string;
  /** Stops the registry and deletes its storage. */
  stop(): Promise<void>;
}

/**
 * Starts Debian's `docker-registry` on a free 127.0.0.1 port with filesystem storage in a
 * temp dir. Its packaged config turns on htpasswd auth and listens on every interface, so
 * we write our own. Docker treats 127.0.0.0/8 as insecure-allowed: no daemon setting needed.
 */
export async function startRegistry(binary = process.env['GANTRY_REGISTRY_BIN'] ?? 'docker-registry'): Promise<LocalRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  await writeFile(
    config,
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${JSON.stringify(join(dir, 'data'))} }, delete: { enabled: true } }`,
      `http: { addr: "${host}" }`,
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const stop = async () => {
    await terminate(child, exited);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await pollUntil(
      async () => {
        const failure = await Promise.race([spawnError, Promise.resolve(undefined)]);
        if (failure) throw new Error(`cannot start ${binary}: ${failure.message} (apt-get install docker-registry)`);
        if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}: ${stderr}`);
        const response = await fetch(`http://${host}/v2/`);
        return response.status === 200;
      },
      { timeoutMs: 15_000, what: `the registry on ${host}` },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, stop };
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
