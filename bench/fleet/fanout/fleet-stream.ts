// Following the controller's live stream (`GET /api/v1/fleet/stream`, server-sent events) and
// keeping, per gateway, when the controller published each desired version to it and when it
// first took in a report acking each version: the controller's own view of the fan-out.
import { z } from 'zod';

const Published = z.object({ deviceId: z.string(), version: z.number() });
const Reported = z.object({ deviceId: z.string(), ackedVersion: z.number() });

/** Wall-clock times (ms) at which this process read each event off the stream. */
export interface FleetStream {
  /**
   * When the controller announced desired version `version` (or a later one) as published to
   * the gateway; undefined if not seen. It announces a whole compile batch at once, after the
   * last PUBACK of the batch, so this is an upper bound of the gateway's own publish.
   */
  publishedAt(deviceId: string, version: number): number | undefined;
  /** When a report of the gateway first acked `version` or a later one; undefined if not seen. */
  ackedAt(deviceId: string, version: number): number | undefined;
  /** Events read so far. */
  readonly events: number;
  close(): void;
}

/** Per gateway, versions in the order they first appeared, each with its time. */
type Firsts = Map<string, { version: number; atMs: number }[]>;

function note(firsts: Firsts, deviceId: string, version: number, atMs: number): void {
  const seen = firsts.get(deviceId) ?? [];
  if (seen.some((entry) => entry.version >= version)) return;
  seen.push({ version, atMs });
  firsts.set(deviceId, seen);
}

function firstAtLeast(firsts: Firsts, deviceId: string, version: number): number | undefined {
  return firsts.get(deviceId)?.find((entry) => entry.version >= version)?.atMs;
}

/** Opens the stream of `desired.published` and `device.reported`; resolves once the controller answered. */
export async function followFleetStream(apiUrl: string, token: string): Promise<FleetStream> {
  const abort = new AbortController();
  const response = await fetch(`${apiUrl}/fleet/stream?types=desired.published,device.reported`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || response.body === null) throw new Error(`GET /fleet/stream answered ${response.status}: ${await response.text()}`);
  const published: Firsts = new Map();
  const acked: Firsts = new Map();
  let events = 0;
  const onEvent = (type: string, data: string) => {
    const atMs = Date.now();
    if (type === 'desired.published') {
      const event = Published.parse(JSON.parse(data));
      note(published, event.deviceId, event.version, atMs);
    } else if (type === 'device.reported') {
      const event = Reported.parse(JSON.parse(data));
      note(acked, event.deviceId, event.ackedVersion, atMs);
    } else return;
    events++;
  };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  // An event is `event: <type>` and `data: <json>` lines ended by a blank line (the controller
  // sends one-line data); comments and ids are skipped.
  void (async () => {
    let buffer = '';
    let type = 'message';
    let data = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      buffer += chunk.value;
      let end = buffer.indexOf('\n');
      while (end >= 0) {
        const line = buffer.slice(0, end).replace(/\r$/, '');
        buffer = buffer.slice(end + 1);
        if (line === '') {
          if (data !== '') onEvent(type, data);
          type = 'message';
          data = '';
        } else if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trimStart();
        end = buffer.indexOf('\n');
      }
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) process.stderr.write(`the fleet stream broke off: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  return {
    publishedAt: (deviceId, version) => firstAtLeast(published, deviceId, version),
    ackedAt: (deviceId, version) => firstAtLeast(acked, deviceId, version),
    get events() {
      return events;
    },
    close: () => abort.abort(),
  };
}
