// Benchmark: time from `POST /api/v1/deployments` (one release to every gateway, all at once)
// until each of N connected gateways has received a `desired` carrying that release, against
// raw broker fan-out measured in the same run: a bare aedes broker, the same N sessions, and
// one publisher sending one retained QoS 1 message of the same size to each `desired` topic.
// Run: node --conditions=@gantry/source --import tsx bench/controller/deployment-fanout.ts [--sizes 1000,10000] [--json]
import { z } from 'zod';
import { withCleanup } from '../agent/lib/cleanup.js';
import { nowMs } from '../agent/lib/command.js';
import { readBenchFlags } from './lib/args.js';
import { startBareBroker } from './lib/bare-broker.js';
import { buildController, startController, type ControllerProcess } from './lib/controller-process.js';
import { enrollFleet, type GatewayCredentials } from './lib/enrollment.js';
import type { Arrivals } from './lib/fleet-messages.js';
import { startFleet, type Fleet } from './lib/fleet.js';
import { progress } from './lib/log.js';
import { cpuSeconds, machineBusySeconds, processMemory } from './lib/proc-sampling.js';
import { corePercent, machineFacts, mib, percentile, printJson, printTable, ratio, seconds } from './lib/report.js';
import { publishToAll } from './lib/raw-publisher.js';
import { waitForFleet } from './lib/wait.js';

const APP_ID = 'fanout';
const LABELS = { bench: 'fanout' };
const SELECTOR = 'bench=fanout';
/** A two-service app with caps on every service, as a real release would have. */
const MANIFEST = `name: ${APP_ID}
services:
  sensor:
    image: registry.example.com/gantry/sensor-reader:1.4.2
    env:
      INTERVAL: "5"
      LOG_LEVEL: info
    restart: { policy: unless-stopped }
    resources: { memoryBytes: 64Mi, nanoCpus: "0.25", pidsLimit: 64 }
  uplink:
    image: registry.example.com/gantry/uplink:2.0.1
    env:
      BROKER: mqtt://127.0.0.1:1883
    restart: { policy: unless-stopped }
    resources: { memoryBytes: 32Mi, nanoCpus: "0.1", pidsLimit: 32 }
`;

const flags = readBenchFlags(
  [
    { name: 'settle', value: 10, min: 0, max: 600, help: 'seconds to wait after the fleet is connected and acked, before deploying' },
    { name: 'timeout', value: 900, min: 10, max: 3600, help: 'seconds to wait for every gateway to receive the release' },
    { name: 'workers', value: 2, min: 1, max: 8, help: 'load-generator processes the sessions are spread over' },
    { name: 'connect-concurrency', value: 100, min: 1, max: 2000, help: 'connects in flight per worker' },
    { name: 'enroll-concurrency', value: 8, min: 1, max: 256, help: 'enrollments in flight' },
  ],
  { sizes: [1000, 10_000], maxSize: 20_000 },
);

/** One fan-out, controller or baseline. */
interface Fanout {
  side: 'controller' | 'raw broker fan-out';
  gateways: number;
  /** Gateways that received the release before the timeout. */
  received: number;
  /** From the request (or the first publish) until the API answered (or every PUBACK was in). */
  answerMs: number;
  /** Until the last gateway received it. */
  allMs: number | undefined;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Size of the `desired` message each gateway received. */
  payloadBytes: number;
  /** CPU the broker's process used from the request until the last arrival, in core-seconds. */
  brokerCpuS: number;
  /** The whole machine's busy CPU over the same span (all processes), core-seconds. */
  machineCpuS: number;
  brokerRssAfterBytes: number;
  brokerPeakBytes: number;
  dropped: number;
  controllerLog?: { warnings: number; errors: number; last: string[] };
  deployment?: { id: string; total: number; totals: Record<string, number> };
}

const DeploymentAnswer = z.object({ id: z.string(), total: z.number(), totals: z.record(z.string(), z.number()) });
const ReleaseAnswer = z.object({ id: z.string() });

const fmt = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '—' : seconds(value));
const settleS = flags.int('settle');
const timeoutMs = flags.int('timeout') * 1000;
const workers = flags.int('workers');
const connectConcurrency = flags.int('connect-concurrency');
const results: Fanout[] = [];

await withCleanup(async (cleanup) => {
  await buildController(flags.isSkippingBuild);

  for (const size of flags.sizes) {
    progress(`controller, ${size} gateways: starting`);
    const controller = await startController();
    cleanup.add('the controller', () => controller.dispose());
    const enrollStartedAt = performance.now();
    const credentials = await enrollFleet(controller.api, size, LABELS, {
      concurrency: flags.int('enroll-concurrency'),
      onProgress: (done) => progress(`  enrolled ${done}/${size}`),
    });
    progress(`  enrolled ${size} in ${seconds(performance.now() - enrollStartedAt)}`);
    await controller.api.post('/apps', { id: APP_ID }, z.unknown());
    const release = await controller.api.post(`/apps/${APP_ID}/releases`, { manifest: MANIFEST, format: 'gantry' }, ReleaseAnswer);
    progress(`  release ${release.id} cut`);

    const fleet = startFleet(workers);
    cleanup.add('the fleet on the controller', () => fleet.dispose());
    await connectFleet(fleet, controller.mqttUrl, credentials, true);
    const measured = await deployAndWait(controller, fleet, release.id, size);
    results.push(measured.fanout);
    await fleet.dispose();
    await controller.dispose();
    const sample = measured.sample;

    progress(`raw broker fan-out, ${size} gateways: starting (payload ${Buffer.byteLength(sample.payload)} bytes, as the controller sent)`);
    const bare = await startBareBroker();
    cleanup.add('the bare broker', () => bare.dispose());
    const bareFleet = startFleet(workers);
    cleanup.add('the fleet on the bare broker', () => bareFleet.dispose());
    await connectFleet(bareFleet, bare.url, credentials, false);
    results.push(await publishAndWait(bare, bareFleet, release.id, credentials, sample));
    await bareFleet.dispose();
    await bare.dispose();
  }
});

async function connectFleet(fleet: Fleet, url: string, credentials: GatewayCredentials[], expectsDesired: boolean): Promise<void> {
  progress(`  connecting ${credentials.length} sessions (${workers} workers, ${connectConcurrency} at a time each)…`);
  const connected = await fleet.connect(url, credentials, { concurrency: connectConcurrency, keepaliveS: 60 });
  progress(`  connected ${connected.ok}, failed ${connected.failed} in ${seconds(connected.durationMs)}${connected.errors.length > 0 ? `; first errors: ${connected.errors.slice(0, 3).join(' | ')}` : ''}`);
  if (connected.failed > 0) throw new Error(`${connected.failed} sessions could not connect: ${connected.errors.slice(0, 5).join(' | ')}`);
  if (expectsDesired) await waitForFleet(fleet, 'every gateway to receive and ack its first desired state', (s) => s.withDesired >= connected.ok && s.acks >= connected.ok, 600_000);
  await new Promise((resolve) => setTimeout(resolve, settleS * 1000));
}

async function waitForArrivals(fleet: Fleet, releaseId: string, size: number, sinceMs: number): Promise<Arrivals> {
  let lastLine = nowMs();
  for (;;) {
    const arrivals = await fleet.arrivals(releaseId);
    if (arrivals.atMs.length >= size || nowMs() - sinceMs > timeoutMs) return arrivals;
    if (nowMs() - lastLine > 10_000) {
      lastLine = nowMs();
      progress(`  ${arrivals.atMs.length}/${size} gateways have the release after ${seconds(nowMs() - sinceMs)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function summarise(side: Fanout['side'], size: number, arrivals: Arrivals, startMs: number, answerMs: number): Omit<Fanout, 'payloadBytes' | 'brokerCpuS' | 'machineCpuS' | 'brokerRssAfterBytes' | 'brokerPeakBytes' | 'dropped'> {
  const delays = arrivals.atMs.map((at) => at - startMs);
  const pick = (p: number) => (delays.length === 0 ? Number.NaN : percentile(delays, p));
  return {
    side,
    gateways: size,
    received: delays.length,
    answerMs,
    allMs: delays.length >= size ? Math.max(...delays) : undefined,
    p50Ms: pick(50),
    p90Ms: pick(90),
    p99Ms: pick(99),
  };
}

async function deployAndWait(controller: ControllerProcess, fleet: Fleet, releaseId: string, size: number): Promise<{ fanout: Fanout; sample: { deviceId: string; payload: string } }> {
  progress(`  deploying ${releaseId} to ${SELECTOR} (all at once)…`);
  const cpuBefore = await cpuSeconds(controller.pid);
  const machineBefore = await machineBusySeconds();
  const startMs = nowMs();
  const deployment = await controller.api.post('/deployments', { appId: APP_ID, releaseId, selector: SELECTOR }, DeploymentAnswer);
  const answerMs = nowMs() - startMs;
  progress(`  the API answered after ${seconds(answerMs)}: deployment ${deployment.id}, ${deployment.total} gateways, ${JSON.stringify(deployment.totals)}`);
  const arrivals = await waitForArrivals(fleet, releaseId, size, startMs);
  const cpuS = (await cpuSeconds(controller.pid)) - cpuBefore;
  const machineCpuS = (await machineBusySeconds()) - machineBefore;
  const memory = await processMemory(controller.pid);
  const stats = await fleet.stats();
  const fanout: Fanout = {
    ...summarise('controller', size, arrivals, startMs, answerMs),
    payloadBytes: arrivals.samplePayload === undefined ? 0 : Buffer.byteLength(arrivals.samplePayload),
    brokerCpuS: cpuS,
    machineCpuS,
    brokerRssAfterBytes: memory.rssBytes,
    brokerPeakBytes: memory.peakBytes,
    dropped: stats.dropped,
    controllerLog: controller.problems(),
    deployment,
  };
  progress(`  controller: ${fanout.received}/${size} received; all after ${fmt(fanout.allMs)}; p50 / p90 / p99 ${fmt(fanout.p50Ms)} / ${fmt(fanout.p90Ms)} / ${fmt(fanout.p99Ms)}`);
  if (arrivals.samplePayload === undefined || arrivals.sampleDeviceId === undefined) throw new Error('no gateway received the release; nothing to compare the baseline with');
  return { fanout, sample: { deviceId: arrivals.sampleDeviceId, payload: arrivals.samplePayload } };
}

async function publishAndWait(bare: { pid: number; url: string }, fleet: Fleet, releaseId: string, credentials: GatewayCredentials[], sample: { deviceId: string; payload: string }): Promise<Fanout> {
  const size = credentials.length;
  // The controller's own message with each gateway's id in it: the same bytes and size (ids are fixed width).
  const payloadFor = (deviceId: string) => sample.payload.split(sample.deviceId).join(deviceId);
  const payloads = new Map(credentials.map((c) => [c.deviceId, payloadFor(c.deviceId)]));
  progress(`  publishing to ${size} desired topics…`);
  const cpuBefore = await cpuSeconds(bare.pid);
  const machineBefore = await machineBusySeconds();
  const startMs = nowMs();
  await publishToAll(bare.url, [...payloads.keys()], (deviceId) => payloads.get(deviceId) ?? '');
  const answerMs = nowMs() - startMs;
  const arrivals = await waitForArrivals(fleet, releaseId, size, startMs);
  const cpuS = (await cpuSeconds(bare.pid)) - cpuBefore;
  const machineCpuS = (await machineBusySeconds()) - machineBefore;
  const memory = await processMemory(bare.pid);
  const stats = await fleet.stats();
  const fanout: Fanout = {
    ...summarise('raw broker fan-out', size, arrivals, startMs, answerMs),
    payloadBytes: Buffer.byteLength(payloadFor(sample.deviceId)),
    brokerCpuS: cpuS,
    machineCpuS,
    brokerRssAfterBytes: memory.rssBytes,
    brokerPeakBytes: memory.peakBytes,
    dropped: stats.dropped,
  };
  progress(`  raw: ${fanout.received}/${size} received; all PUBACKs after ${seconds(answerMs)}; all after ${fmt(fanout.allMs)}; p50 / p90 / p99 ${fmt(fanout.p50Ms)} / ${fmt(fanout.p90Ms)} / ${fmt(fanout.p99Ms)}`);
  return fanout;
}

printTable(
  flags.isJson,
  'Deployment fan-out: from the request (controller) or the first publish (raw) until each gateway received a desired carrying the release',
  ['side', 'gateways', 'received', 'API answered / all PUBACKs', 'p50', 'p90', 'p99', 'all received', 'ratio (all)', 'ratio (p50)', 'payload', 'broker CPU', 'dropped'],
  results.map((r) => {
    const base = results.find((b) => b.side === 'raw broker fan-out' && b.gateways === r.gateways);
    const isController = r.side === 'controller';
    return [
      r.side,
      r.gateways.toLocaleString('en'),
      `${r.received}`,
      seconds(r.answerMs),
      fmt(r.p50Ms),
      fmt(r.p90Ms),
      fmt(r.p99Ms),
      fmt(r.allMs),
      isController && base?.allMs !== undefined && r.allMs !== undefined ? ratio(r.allMs, base.allMs) : isController ? '—' : '1.00×',
      isController && base !== undefined ? ratio(r.p50Ms, base.p50Ms) : isController ? '—' : '1.00×',
      `${r.payloadBytes} B`,
      `${r.brokerCpuS.toFixed(1)} core-s`,
      `${r.dropped}`,
    ];
  }),
);
printTable(
  flags.isJson,
  'Broker process after the fan-out',
  ['side', 'gateways', 'RSS after', 'peak (VmHWM)', 'broker CPU, start to last arrival', 'whole machine CPU, same span', 'controller log WARN / ERROR'],
  results.map((r) => [
    r.side,
    r.gateways.toLocaleString('en'),
    mib(r.brokerRssAfterBytes),
    mib(r.brokerPeakBytes),
    r.allMs === undefined ? '—' : corePercent(r.brokerCpuS / (r.allMs / 1000)),
    `${r.machineCpuS.toFixed(1)} core-s`,
    r.controllerLog === undefined ? '' : `${r.controllerLog.warnings} / ${r.controllerLog.errors}`,
  ]),
);
for (const r of results) {
  if (r.controllerLog !== undefined && r.controllerLog.last.length > 0) {
    process.stderr.write(`\ncontroller log, last WARN/ERROR lines at ${r.gateways}:\n${r.controllerLog.last.join('\n')}\n`);
  }
}
printJson(flags.isJson, { benchmark: 'deployment-fanout', machine: await machineFacts(), flags: { sizes: flags.sizes, settleS, workers }, results });
