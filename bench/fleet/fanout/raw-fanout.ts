// The baseline in the same run: a bare aedes broker delivering the controller's very desired
// message (each gateway's own id and envelope, same size), retained at QoS 1, to the same N
// gateway ids (mqtt.js sessions that ack each `desired` with a `reported`, as an agent does once
// it has stored it), all at once; timed until each received it and until its ack was back.
import { createMessage, encode, type DesiredState } from '@gantry/protocol';
import { nowMs } from '../../agent/lib/command.js';
import type { BareBroker } from '../../controller/lib/bare-broker.js';
import type { GatewayCredentials } from '../../controller/lib/enrollment.js';
import type { Fleet } from '../../controller/lib/fleet.js';
import { progress } from '../../controller/lib/log.js';
import { publishToAll } from '../../controller/lib/raw-publisher.js';
import { seconds } from '../../controller/lib/report.js';
import { openCostWindow } from './cost-window.js';
import type { RawAcks } from './raw-acks.js';
import { spreadOf, type Spread } from './spread.js';

export interface RawFanout {
  gateways: number;
  /** Until the publisher had every PUBACK. */
  pubackMs: number;
  received: Spread;
  acked: Spread;
  payloadBytes: number;
  brokerCpuS: number;
  machineCpuS: number;
  /** The machine's speed just before the publish (`speedProbeMs`). */
  probeMs: number;
  loadBefore: number;
  loadAfter: number;
  dropped: number;
}

/** The message the controller sends a gateway for `desired`, as its publisher builds it. */
export function desiredPayload(deviceId: string, desired: DesiredState): string {
  const encoded = encode('desired', createMessage('desired', desired, { deviceId }));
  if (!encoded.ok) throw new Error(`cannot encode the desired state for ${deviceId}: ${encoded.error.message}`);
  return encoded.value;
}

/** Each gateway's message for `desired`, built before a timed publish so the timing holds none of it. */
export function desiredPayloads(deviceIds: readonly string[], desired: DesiredState): Map<string, string> {
  return new Map(deviceIds.map((deviceId) => [deviceId, desiredPayload(deviceId, desired)]));
}

export async function measureRawFanout(options: {
  broker: BareBroker;
  fleet: Fleet;
  acks: RawAcks;
  gateways: readonly GatewayCredentials[];
  desired: DesiredState;
  releaseId: string;
  timeoutMs: number;
}): Promise<RawFanout> {
  const { broker, fleet, acks, gateways } = options;
  const size = gateways.length;
  const payloads = desiredPayloads(gateways.map((g) => g.deviceId), options.desired);
  progress(`  publishing to ${size} desired topics…`);
  const window = await openCostWindow({ broker: [broker.pid] });
  // The fleet workers stamp arrivals with timeOrigin + performance.now(); so does this.
  const startMs = nowMs();
  await publishToAll(broker.url, [...payloads.keys()], (deviceId) => payloads.get(deviceId) ?? '');
  const pubackMs = nowMs() - startMs;
  let lastLine = nowMs();
  for (;;) {
    const arrivals = await fleet.arrivals(options.releaseId);
    const acked = acks.atMs().length;
    if ((arrivals.atMs.length >= size && acked >= size) || nowMs() - startMs > options.timeoutMs) break;
    if (nowMs() - lastLine > 10_000) {
      lastLine = nowMs();
      progress(`  ${arrivals.atMs.length}/${size} received, ${acked} acked after ${seconds(nowMs() - startMs)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const cost = await window.close();
  const arrivals = await fleet.arrivals(options.releaseId);
  const stats = await fleet.stats();
  return {
    gateways: size,
    pubackMs,
    received: spreadOf(arrivals.atMs.map((at) => at - startMs), size),
    acked: spreadOf(acks.atMs().map((at) => at - startMs), size),
    payloadBytes: Buffer.byteLength(payloads.values().next().value ?? ''),
    brokerCpuS: cost.cpuS.broker,
    machineCpuS: cost.machineCpuS,
    probeMs: window.probeMs,
    loadBefore: window.loadBefore,
    loadAfter: cost.loadAfter,
    dropped: stats.dropped,
  };
}
