// Enrolling a fleet through the controller's REST API, as gateways do: one one-time token
// per gateway (`POST /enrollment-tokens`, carrying the fleet's labels), spent by `POST /enroll`.
import { EnrollResponseSchema } from '@gantry/protocol';
import { z } from 'zod';
import type { ControllerApi } from './controller-api.js';

/** What a gateway needs to open its MQTT session. */
export interface GatewayCredentials {
  deviceId: string;
  password: string;
}

/** `bench-00042`: fixed width, so every gateway's messages have the same size. */
export function benchDeviceId(index: number): string {
  return `bench-${String(index).padStart(5, '0')}`;
}

/**
 * Enrolls `count` gateways (`bench-00000`…) with `labels`, `concurrency` enrollments at a
 * time; `onProgress` is called every 1,000.
 */
export async function enrollFleet(
  api: ControllerApi,
  count: number,
  labels: Record<string, string>,
  options: { concurrency: number; onProgress?: (done: number) => void },
): Promise<GatewayCredentials[]> {
  const enrolled: GatewayCredentials[] = new Array<GatewayCredentials>(count);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const deviceId = benchDeviceId(index);
      const { token } = await api.post('/enrollment-tokens', { labels, note: 'benchmark' }, z.object({ token: z.string() }));
      const answer = await api.post('/enroll', { token, deviceId }, EnrollResponseSchema, { isPublic: true });
      enrolled[index] = { deviceId: answer.deviceId, password: answer.mqtt.password };
      if (++done % 1000 === 0) options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, count) }, worker));
  return enrolled;
}
