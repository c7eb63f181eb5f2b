import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startServer } from './process.js';

/** A running mosquitto broker on 127.0.0.1. */
export interface LocalMosquitto {
  /** `mqtt://127.0.0.1:<port>` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface MosquittoOptions {
  /** Extra lines for mosquitto.conf (an ACL file, a password file...). */
  extraConfig?: readonly string[];
  binary?: string;
}

/** Starts Debian's mosquitto with anonymous access on a free loopback port, no persistence. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<LocalMosquitto> {
  const binary = options.binary ?? process.env['GANTRY_MOSQUITTO_BIN'] ?? '/usr/sbin/mosquitto';
  const dir = await mkdtemp(join(tmpdir(), 'gantry-mosquitto-'));
  // As root mosquitto drops to its own user, which must still read the config.
  await chmod(dir, 0o755);
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  await writeFile(
    config,
    [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', ...(options.extraConfig ?? []), ''].join('\n'),
    { mode: 0o644 },
  );
  const server = await startServer(binary, ['-c', config], {
    what: `mosquitto on 127.0.0.1:${port}`,
    installHint: 'apt-get install mosquitto',
    ready: () => canConnect(port),
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
