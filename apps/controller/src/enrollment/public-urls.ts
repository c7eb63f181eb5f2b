import type { BrokerDescription } from '../mqtt/mqtt-gateway.js';

/** Where a request came in: what a gateway or browser used to reach this controller. */
export interface RequestOrigin {
  protocol: 'http' | 'https';
  /** `host[:port]` as the client wrote it (the Host header). */
  host: string;
}

/** The controller's URL for people and gateways: the configured one, else the one the request used. */
export function controllerUrl(configured: string | undefined, origin: RequestOrigin): string {
  return configured ?? `${origin.protocol}://${origin.host}`;
}

/**
 * Broker URLs for a gateway, best first. Configured ones win; otherwise the gateway is told
 * to use the host name it already reached the controller by, with the broker's own port
 * (embedded: TCP, then WebSocket through the HTTP port, which passes most proxies).
 */
export function brokerUrls(configured: readonly string[] | undefined, broker: BrokerDescription, origin: RequestOrigin): string[] {
  if (configured !== undefined) return [...configured];
  if (broker.mode === 'external') {
    const url = new URL(broker.url);
    url.username = '';
    url.password = '';
    return [url.href.replace(/\/$/, '')];
  }
  const hostname = new URL(`${origin.protocol}://${origin.host}`).hostname;
  const port = new URL(broker.tcpUrl).port;
  const ws = origin.protocol === 'https' ? 'wss' : 'ws';
  return [`mqtt://${hostname}:${port}`, `${ws}://${origin.host}${broker.wsPath}`];
}
