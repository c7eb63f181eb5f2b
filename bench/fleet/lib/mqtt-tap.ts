// A TCP relay on loopback between gateways and the broker that counts what crosses it:
// bytes and segments per direction, and bytes per MQTT packet kind (read with mqtt-packet,
// the parser mqtt.js itself uses), so a figure can say what it is made of.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { parser, type Packet } from 'mqtt-packet';
import { parseTopic } from '@gantry/protocol';

/** Which way bytes travel: gateway → broker is up. */
export type Direction = 'up' | 'down';

/** What crossed the tap so far; counters only grow, so a window is the difference of two snapshots. */
export interface TapCounters {
  bytes: Record<Direction, number>;
  /** Socket reads with data (on loopback, about one per TCP segment for small messages). */
  segments: Record<Direction, number>;
  /** Bytes and packets by kind: `pingreq`, `puback`, `publish telemetry`, `publish desired`, … */
  kinds: Record<string, { bytes: number; packets: number }>;
  connectionsOpened: number;
  connectionsClosed: number;
}

/** A running tap: gateways connect to `url`, the tap relays to the broker. */
export interface MqttTap {
  readonly url: string;
  snapshot(): TapCounters;
  close(): Promise<void>;
}

/** Starts a tap on 127.0.0.1 (any free port) relaying to `brokerPort`. */
export async function startMqttTap(brokerPort: number): Promise<MqttTap> {
  const counters: TapCounters = { bytes: { up: 0, down: 0 }, segments: { up: 0, down: 0 }, kinds: {}, connectionsOpened: 0, connectionsClosed: 0 };
  const sockets = new Set<Socket>();
  const count = (kind: string, bytes: number) => {
    const entry = (counters.kinds[kind] ??= { bytes: 0, packets: 0 });
    entry.bytes += bytes;
    entry.packets += 1;
  };
  const relay = (from: Socket, to: Socket, direction: Direction) => {
    const packets = parser({ protocolVersion: 4 });
    packets.on('packet', (packet: Packet) => count(kindOf(packet), wireSize(packet.length ?? 0)));
    packets.on('error', (error: unknown) => count(`unparsable (${String(error)})`, 0));
    from.on('data', (chunk: Buffer) => {
      counters.bytes[direction] += chunk.length;
      counters.segments[direction] += 1;
      packets.parse(chunk);
      to.write(chunk);
    });
  };
  const server: Server = createServer((gateway) => {
    const broker = connect(brokerPort, '127.0.0.1');
    counters.connectionsOpened += 1;
    sockets.add(gateway).add(broker);
    gateway.setNoDelay(true);
    broker.setNoDelay(true);
    relay(gateway, broker, 'up');
    relay(broker, gateway, 'down');
    let isClosed = false;
    const close = () => {
      if (isClosed) return;
      isClosed = true;
      counters.connectionsClosed += 1;
      gateway.destroy();
      broker.destroy();
      sockets.delete(gateway);
      sockets.delete(broker);
    };
    for (const socket of [gateway, broker]) {
      socket.on('close', close);
      socket.on('error', close);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the MQTT tap has no TCP port');
  return {
    url: `mqtt://127.0.0.1:${address.port}`,
    snapshot: () => structuredClone(counters),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What crossed the tap between two snapshots. */
export function difference(before: TapCounters, after: TapCounters): TapCounters {
  const kinds: TapCounters['kinds'] = {};
  for (const [kind, entry] of Object.entries(after.kinds)) {
    const earlier = before.kinds[kind] ?? { bytes: 0, packets: 0 };
    if (entry.packets > earlier.packets) kinds[kind] = { bytes: entry.bytes - earlier.bytes, packets: entry.packets - earlier.packets };
  }
  return {
    bytes: { up: after.bytes.up - before.bytes.up, down: after.bytes.down - before.bytes.down },
    segments: { up: after.segments.up - before.segments.up, down: after.segments.down - before.segments.down },
    kinds,
    connectionsOpened: after.connectionsOpened - before.connectionsOpened,
    connectionsClosed: after.connectionsClosed - before.connectionsClosed,
  };
}

// A PUBLISH is named by the Gantry topic kind it carries; the rest by their command.
function kindOf(packet: Packet): string {
  if (packet.cmd !== 'publish') return packet.cmd;
  const address = parseTopic(packet.topic);
  return `publish ${address.ok ? address.value.kind : 'other'}`;
}

// The fixed header: one byte of type and flags, then the remaining length in 1-4 bytes of 7 bits.
function wireSize(remainingLength: number): number {
  const lengthBytes = remainingLength < 128 ? 1 : remainingLength < 16_384 ? 2 : remainingLength < 2_097_152 ? 3 : 4;
  return 1 + lengthBytes + remainingLength;
}
