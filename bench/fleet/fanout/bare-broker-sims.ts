// The same simulated gateways (the agent's own core, the same engine timings) taken off the
// controller and onto a bare aedes broker, given the controller's very desired message,
// retained at QoS 1, all at once; timed until each one's report says it acked and converged,
// as one listener on `+/reported` hears it. Nothing stores, validates or judges on the cloud
// side: what this takes is what the simulated gateways themselves take on this machine's
// cores, which they share with whichever broker or controller serves them.
import { fleetFilter, parseTopic, type DesiredState } from '@gantry/protocol';
import mqtt from 'mqtt';
import { nowMs } from '../../agent/lib/command.js';
import type { BareBroker } from '../../controller/lib/bare-broker.js';
import { progress } from '../../controller/lib/log.js';
import { publishToAll } from '../../controller/lib/raw-publisher.js';
import { seconds } from '../../controller/lib/report.js';
import { openCostWindow } from './cost-window.js';
import { desiredPayloads } from './raw-fanout.js';
import type { SimFleet } from './sim-fleet.js';
import { spreadOf, type Spread } from './spread.js';

export interface BareBrokerSims {
  gateways: number;
  /** From starting the adopted gateways until every one was connected. */
  connectMs: number;
  acked: Spread;
  converged: Spread;
  brokerCpuS: number;
  simCpuS: number;
  benchCpuS: number;
  machineCpuS: number;
  /** The machine's speed just before the publish (`speedProbeMs`). */
  probeMs: number;
  loadBefore: number;
  loadAfter: number;
}

/** What a report must show for the release to count as converged, as the controller judges it. */
interface Release {
  version: number;
  appId: string;
  releaseId: string;
}

/** When each gateway's reports first acked, and first showed converged, the release's version. */
interface ConvergenceListener {
  ackedAtMs(): number[];
  convergedAtMs(): number[];
  close(): Promise<void>;
}

// The fields the judgement reads; the payload is the agent's, already checked on its side.
interface ReportShape {
  body?: {
    ackedVersion?: number;
    target?: { version?: number; state?: string };
    apps?: Record<string, { state?: string; releaseId?: string | null; services?: Record<string, { state?: string; health?: string; releaseId?: string }> }>;
  };
}

function isConverged(report: ReportShape, release: Release): boolean {
  const app = report.body?.apps?.[release.appId];
  if (app === undefined || app.releaseId !== release.releaseId || app.state !== 'running') return false;
  // Every container from this release, running and healthy (or without a check).
  return Object.values(app.services ?? {}).every((s) => s.releaseId === release.releaseId && s.state === 'running' && (s.health === 'healthy' || s.health === 'none'));
}

async function listenForConvergence(url: string, release: Release): Promise<ConvergenceListener> {
  const client = await mqtt.connectAsync(url, { clientId: 'bench-convergence-listener', clean: true, reconnectPeriod: 0, connectTimeout: 30_000 });
  const acked = new Map<string, number>();
  const converged = new Map<string, number>();
  client.on('message', (topic, payload) => {
    const atMs = nowMs();
    const address = parseTopic(topic);
    if (!address.ok || converged.has(address.value.deviceId)) return;
    const report = JSON.parse(payload.toString('utf8')) as ReportShape;
    const { deviceId } = address.value;
    if ((report.body?.ackedVersion ?? 0) >= release.version && !acked.has(deviceId)) acked.set(deviceId, atMs);
    if ((report.body?.target?.version ?? 0) >= release.version && isConverged(report, release)) converged.set(deviceId, atMs);
  });
  await client.subscribeAsync(fleetFilter('reported'), { qos: 1 });
  return { ackedAtMs: () => [...acked.values()], convergedAtMs: () => [...converged.values()], close: () => client.endAsync() };
}

export async function measureBareBrokerSims(options: {
  broker: BareBroker;
  sims: SimFleet;
  deviceIds: readonly string[];
  desired: DesiredState;
  appId: string;
  releaseId: string;
  connectMs: number;
  timeoutMs: number;
}): Promise<BareBrokerSims> {
  const { broker, sims, deviceIds, desired } = options;
  const size = deviceIds.length;
  const listener = await listenForConvergence(broker.url, { version: desired.version, appId: options.appId, releaseId: options.releaseId });
  try {
    const payloads = desiredPayloads(deviceIds, desired);
    progress(`  publishing the controller's desired message to ${size} gateways on the bare broker…`);
    const window = await openCostWindow({ broker: [broker.pid], sims: sims.pids });
    const startMs = nowMs();
    await publishToAll(broker.url, deviceIds, (deviceId) => payloads.get(deviceId) ?? '');
    let lastLine = nowMs();
    while (listener.convergedAtMs().length < size && nowMs() - startMs <= options.timeoutMs) {
      if (nowMs() - lastLine > 10_000) {
        lastLine = nowMs();
        progress(`  ${listener.ackedAtMs().length}/${size} acked, ${listener.convergedAtMs().length} converged after ${seconds(nowMs() - startMs)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cost = await window.close();
    return {
      gateways: size,
      connectMs: options.connectMs,
      acked: spreadOf(
        listener.ackedAtMs().map((at) => at - startMs),
        size,
      ),
      converged: spreadOf(
        listener.convergedAtMs().map((at) => at - startMs),
        size,
      ),
      brokerCpuS: cost.cpuS.broker,
      simCpuS: cost.cpuS.sims,
      benchCpuS: cost.benchCpuS,
      machineCpuS: cost.machineCpuS,
      probeMs: window.probeMs,
      loadBefore: window.loadBefore,
      loadAfter: cost.loadAfter,
    };
  } finally {
    await listener.close();
  }
}

