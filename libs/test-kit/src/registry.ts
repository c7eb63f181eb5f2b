import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startServer } from './process.js';

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
  const server = await startServer(binary, ['serve', config], {
    what: `the registry on ${host}`,
    installHint: 'apt-get install docker-registry',
    ready: async () => (await fetch(`http://${host}/v2/`)).status === 200,
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  return { host, stop };
}
