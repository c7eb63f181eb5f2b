import { createServer, type Server, type Socket } from 'node:net';

/** A TCP listener handing each connection to the broker. */
export interface TcpListener {
  /** The port the kernel gave (the configured one, or a free one for port 0). */
  readonly port: number;
  /** Stops accepting and ends every connection still open, authenticated or not. */
  close(): Promise<void>;
}

export async function listenTcp(handle: (socket: Socket) => void, host: string, port: number): Promise<TcpListener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`MQTT listener on ${host}:${port} has no TCP address`);
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A socket still in CONNECT (or stalled) is not a broker client yet; end it here.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
