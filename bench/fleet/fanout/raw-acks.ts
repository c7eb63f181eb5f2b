// The baseline's listener for acks: one mqtt.js session on the bare broker subscribed to every
// gateway's `reported`, as the controller is on its own broker, noting when each gateway's
// first report (its ack of the raw `desired`) arrived.
import { fleetFilter, parseTopic } from '@gantry/protocol';
import mqtt from 'mqtt';
import { nowMs } from '../../agent/lib/command.js';

/** First report per gateway, wall clock ms (the fleet workers' clock base). */
export interface RawAcks {
  atMs(): number[];
  close(): Promise<void>;
}

export async function listenForAcks(url: string): Promise<RawAcks> {
  const client = await mqtt.connectAsync(url, { clientId: 'bench-ack-listener', clean: true, reconnectPeriod: 0, connectTimeout: 30_000 });
  const first = new Map<string, number>();
  client.on('message', (topic) => {
    const atMs = nowMs();
    const address = parseTopic(topic);
    if (address.ok && !first.has(address.value.deviceId)) first.set(address.value.deviceId, atMs);
  });
  await client.subscribeAsync(fleetFilter('reported'), { qos: 1 });
  return { atMs: () => [...first.values()], close: () => client.endAsync() };
}
