// The baseline's publisher: one mqtt.js session publishing one retained QoS 1 message to
// each gateway's `desired` topic, all at once, as raw broker fan-out.
import { buildTopic } from '@gantry/protocol';
import mqtt from 'mqtt';

/** Publishes `payloadFor(deviceId)` to every gateway's `desired`; resolves when every PUBACK is in. */
export async function publishToAll(url: string, deviceIds: readonly string[], payloadFor: (deviceId: string) => string): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: 'bench-publisher', clean: true, reconnectPeriod: 0, connectTimeout: 30_000 });
  try {
    await Promise.all(deviceIds.map((deviceId) => client.publishAsync(buildTopic({ kind: 'desired', deviceId }), payloadFor(deviceId), { qos: 1, retain: true })));
  } finally {
    await client.endAsync();
  }
}
