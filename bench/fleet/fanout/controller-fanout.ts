// One release to every simulated gateway through the controller, timed from just before
// `POST /api/v1/deployments` (all at once) until each gateway's desired state was published,
// acked and converged, as the controller saw each: the stream's `desired.published` and
// `device.reported` events, and the deployment's converged rows.
import { z } from 'zod';
import type { ControllerProcess } from '../../controller/lib/controller-process.js';
import { progress } from '../../controller/lib/log.js';
import { mainThreadCpuSeconds, processMemory } from '../../controller/lib/proc-sampling.js';
import { seconds } from '../../controller/lib/report.js';
import { speedProbeMs } from '../../controller/lib/speed-probe.js';
import { openCostWindow } from './cost-window.js';
import type { FleetStream } from './fleet-stream.js';
import { messagesPerGateway, readMessageCounts, type MessageCounts } from './message-counts.js';
import type { SimFleet } from './sim-fleet.js';
import type { SimCounts } from './sim-messages.js';
import { spreadOf, type Spread } from './spread.js';
import { listTargets } from './targets.js';

/** What the controller side of one fleet size measured. */
export interface ControllerFanout {
  gateways: number;
  deploymentId: string;
  /** Until `POST /deployments` answered (it answers once the first wave is compiled, stored and published). */
  answerMs: number;
  published: Spread;
  acked: Spread;
  converged: Spread;
  /** Gateways per deployment status at the end. */
  statuses: Record<string, number>;
  /** The gateways' own view at the end (firmware-sim's summary). */
  onGateways: SimCounts;
  /** CPU from the request until every gateway converged (or the timeout), core-seconds. */
  controllerCpuS: number;
  /** Of which the controller's event loop: work no second core can take over. */
  controllerMainThreadCpuS: number;
  simCpuS: number;
  /** This benchmark process's own (following the live stream, polling the deployment). */
  benchCpuS: number;
  /** The machine's speed just before the request and after the wait (`speedProbeMs`). */
  probeMs: { before: number; after: number };
  machineCpuS: number;
  /** One-minute load average just before the request and at the end. */
  loadBefore: number;
  loadAfter: number;
  controllerRssAfterBytes: number;
  controllerPeakBytes: number;
  /** Until the wait ended: every gateway converged, or the timeout. */
  waitedMs: number;
  /** MQTT messages the controller counted from the request until the wait ended, per gateway, by direction and kind. */
  messagesPerGateway: MessageCounts;
}

const Totals = z.record(z.string(), z.number());
const DeploymentAnswer = z.object({ id: z.string(), totals: Totals });
const SETTLED = ['converged', 'failed', 'rolled-back'];

export async function measureControllerFanout(options: {
  controller: ControllerProcess;
  sims: SimFleet;
  stream: FleetStream;
  appId: string;
  releaseId: string;
  selector: string;
  gateways: number;
  timeoutMs: number;
}): Promise<ControllerFanout> {
  const { controller, sims, stream, gateways } = options;
  progress(`  deploying ${options.releaseId} to ${options.selector} (all at once)…`);
  const messagesBefore = await readMessageCounts(controller.apiUrl);
  const window = await openCostWindow({ controller: [controller.pid], sims: sims.pids });
  const mainBefore = await mainThreadCpuSeconds(controller.pid);
  // Date.now(), not performance: the targets' times come from the controller's wall clock.
  const startMs = Date.now();
  const deployment = await controller.api.post('/deployments', { appId: options.appId, releaseId: options.releaseId, selector: options.selector }, DeploymentAnswer);
  const answerMs = Date.now() - startMs;
  progress(`  the API answered after ${seconds(answerMs)}: ${JSON.stringify(deployment.totals)}`);

  let statuses: Record<string, number> = deployment.totals;
  let lastLine = Date.now();
  const settled = () => SETTLED.reduce((sum, status) => sum + (statuses[status] ?? 0), 0);
  while (settled() < gateways && Date.now() - startMs < options.timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    statuses = (await controller.api.get(`/deployments/${deployment.id}`, DeploymentAnswer)).totals;
    if (Date.now() - lastLine >= 10_000) {
      lastLine = Date.now();
      progress(`  after ${seconds(Date.now() - startMs)}: ${JSON.stringify(statuses)}`);
    }
  }
  const waitedMs = Date.now() - startMs;
  const controllerMainThreadCpuS = (await mainThreadCpuSeconds(controller.pid)) - mainBefore;
  const cost = await window.close();
  const memory = await processMemory(controller.pid);
  const probeAfter = speedProbeMs();
  const messagesAfter = await readMessageCounts(controller.apiUrl);

  const rows = await listTargets(controller.api, deployment.id);
  const published: number[] = [];
  const acked: number[] = [];
  const converged: number[] = [];
  for (const row of rows) {
    if (row.desiredVersion === null) continue;
    const publishedAt = stream.publishedAt(row.deviceId, row.desiredVersion);
    const ackedAt = stream.ackedAt(row.deviceId, row.desiredVersion);
    if (publishedAt !== undefined) published.push(publishedAt - startMs);
    if (ackedAt !== undefined) acked.push(ackedAt - startMs);
    if (row.status === 'converged') converged.push(Date.parse(row.updatedAt) - startMs);
  }
  return {
    gateways,
    deploymentId: deployment.id,
    answerMs,
    published: spreadOf(published, gateways),
    acked: spreadOf(acked, gateways),
    converged: spreadOf(converged, gateways),
    statuses,
    onGateways: await sims.counts(),
    controllerCpuS: cost.cpuS.controller,
    controllerMainThreadCpuS,
    simCpuS: cost.cpuS.sims,
    benchCpuS: cost.benchCpuS,
    probeMs: { before: window.probeMs, after: probeAfter },
    machineCpuS: cost.machineCpuS,
    loadBefore: window.loadBefore,
    loadAfter: cost.loadAfter,
    controllerRssAfterBytes: memory.rssBytes,
    controllerPeakBytes: memory.peakBytes,
    waitedMs,
    messagesPerGateway: messagesPerGateway(messagesBefore, messagesAfter, gateways),
  };
}
