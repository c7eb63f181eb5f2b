import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AedesPublishPacket, type AuthenticateError, type Client } from 'aedes';

/** The only password the test broker accepts. */
export const PASSWORD = 'a-long-enough-secret';
/** A publish on this topic is never authorised: its PUBACK never comes. */
export const HELD_TOPIC = 'gantry/v1/gw-1/held';

/** A throwaway CA-less certificate for `localhost`/127.0.0.1, made with openssl. */
export interface TestCertificate {
  cert: string;
  key: string;
}

/** Makes a self-signed certificate for 127.0.0.1 (it is its own CA). */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-mqtt-link-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A real aedes broker on a loopback port that checks the password and can hold back PUBACKs. */
export async function startBroker(options: { tls?: TestCertificate; refuseWith?: number } = {}) {
  const published: AedesPublishPacket[] = [];
  const clients = new Map<string, Client>();
  const broker = await Aedes.createBroker({
    authenticate: (_client, _username, password, done) => {
      if (options.refuseWith === undefined && password?.toString() === PASSWORD) return done(null, true);
      const error = new Error('refused') as AuthenticateError;
      error.returnCode = options.refuseWith ?? 4;
      done(error, false);
    },
    authorizePublish: (_client, packet, done) => {
      if (packet.topic !== HELD_TOPIC) done(null);
    },
  });
  broker.on('client', (client) => clients.set(client.id, client));
  broker.on('publish', (packet, client) => {
    if (client) published.push(packet);
  });
  const server: Server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, broker.handle) : createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test broker has no port');
  return {
    broker,
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${address.port}`,
    published,
    /** Cuts a client's socket from the broker's side, as a network failure would. */
    cut: (clientId: string) => clients.get(clientId)?.conn.destroy(),
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A broker started by {@link startBroker}. */
export type TestBroker = Awaited<ReturnType<typeof startBroker>>;
