import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';

/** MQTT over WebSocket on an existing HTTP server. */
export interface WebSocketListener {
  /** Stops taking upgrades and ends every WebSocket session. */
  close(): Promise<void>;
}

/**
 * Takes over HTTP upgrades to `path` (other paths are left to whoever else listens) and
 * hands each WebSocket, as a byte stream, to the broker.
 */
export function attachWebSocket(server: Server, path: string, handle: (stream: Duplex, request: IncomingMessage) => void): WebSocketListener {
  // ws answers with the first subprotocol the client offers ("mqtt"), which MQTT clients require.
  const wss = new WebSocketServer({ noServer: true });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(request) !== path) return;
    wss.handleUpgrade(request, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      // A reset connection is the client's business; without a listener it would crash the process.
      stream.on('error', () => ws.terminate());
      handle(stream, request);
    });
  };
  server.on('upgrade', onUpgrade);
  return {
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.terminate();
        wss.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}
