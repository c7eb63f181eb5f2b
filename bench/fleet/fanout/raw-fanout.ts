// The baseline in the same run: a bare aedes broker delivering the controller's very desired
// message (each gateway's own id and envelope, same size), retained at QoS 1, to the same N
// gateway ids (mqtt.js sessions that ack each `desired` with a `reported`, as an agent does once
// it has stored it), all at once; timed until each received it and until its ack was back.
import { loadavg } from 'node:os';
import { createMessage, encode, type DesiredState } from '@gantry/protocol';
import { nowMs } from '../../agent/lib/command.js';
import type { BareBroker } from '../../controller/lib/bare-broker.js';
import type { GatewayCredentials } from '../../controller/lib/enrollment.js';
import type { Fleet } from '../../controller/lib/fleet.js';
import { progress } from '../../controller/lib/log.js';
import { cpuSeconds, machineBusySeconds } from '../../controller/lib/proc-sampling.js';
import { publishToAll } from '../../controller/lib/raw-publisher.js';
import { seconds } from '../../controller/lib/report.js';
import { speedProbeMs } from '../../controller/lib/speed-probe.js';
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
  const payloads = new Map(gateways.map((g) => [g.deviceId, desiredPayload(g.deviceId, options.desired)]));
  progress(`  publishing to ${size} desired topics…`);
  const cpuBefore = await cpuSeconds(broker.pid);
  const probeMs = speedProbeMs();
  const machineBefore = await machineBusySeconds();
  const loadBefore = loadavg()[0] ?? 0;
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
  const brokerCpuS = (await cpuSeconds(broker.pid)) - cpuBefore;
  const machineCpuS = (await machineBusySeconds()) - machineBefore;
  const arrivals = await fleet.arrivals(options.releaseId);
  const stats = await fleet.stats();
  const sample = payloads.values().next().value ?? '';
  return {
    gateways: size,
    pubackMs,
    received: spreadOf(arrivals.atMs.map((at) => at - startMs), size),
    acked: spreadOf(acks.atMs().map((at) => at - startMs), size),
    payloadBytes: Buffer.byteLength(sample),
    brokerCpuS,
    machineCpuS,
    probeMs,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
    dropped: stats.dropped,
  };
}
