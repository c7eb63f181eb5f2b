// The controller's MQTT message counters (its Prometheus `/metrics`), read before and after a
// fan-out, so the benchmark says how many messages of each kind one gateway cost.

/** Messages counted so far, by direction and kind: `in reported`, `out desired`, … */
export type MessageCounts = Record<string, number>;

const COUNTER = /^gantry_mqtt_messages_(in|out)_total\{kind="([a-z-]+)"\} (\S+)$/gm;

export async function readMessageCounts(apiUrl: string): Promise<MessageCounts> {
  const response = await fetch(new URL('/metrics', apiUrl), { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const counts: MessageCounts = {};
  const text = await response.text();
  for (const [, direction, kind, value] of text.matchAll(COUNTER)) counts[`${direction} ${kind}`] = Number(value);
  // Counters appear once a message of their kind passed: none at all means they were renamed.
  if (Object.keys(counts).length === 0 && text.includes('gantry_')) throw new Error('the controller\'s /metrics has no gantry_mqtt_messages_in_total or _out_total counter by kind');
  return counts;
}

/** Messages between two readings, per gateway, kinds that did not move left out. */
export function messagesPerGateway(before: MessageCounts, after: MessageCounts, gateways: number): MessageCounts {
  const per: MessageCounts = {};
  for (const [key, count] of Object.entries(after)) {
    const moved = count - (before[key] ?? 0);
    if (moved > 0) per[key] = moved / gateways;
  }
  return per;
}
