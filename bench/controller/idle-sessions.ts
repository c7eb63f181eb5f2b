// Benchmark: the controller's resident memory and CPU while it holds N idle gateway sessions
// (enrolled through the API, connected over MQTT, acknowledged their first desired state),
// against a bare aedes broker process holding the same N mqtt.js sessions in the same run.
// Run: node --conditions=@gantry/source --import tsx bench/controller/idle-sessions.ts [--sizes 1000,10000] [--idle 60] [--json]
import { withCleanup } from '../agent/lib/cleanup.js';
import { startBareBroker } from './lib/bare-broker.js';
import { readBenchFlags } from './lib/args.js';
import { buildController, startController } from './lib/controller-process.js';
import { enrollFleet, type GatewayCredentials } from './lib/enrollment.js';
import { startFleet } from './lib/fleet.js';
import { progress } from './lib/log.js';
import { processMemory, sampleWindow, type ProcessMemory } from './lib/proc-sampling.js';
import { corePercent, machineFacts, median, mib, printJson, printTable, ratio, seconds } from './lib/report.js';
import { waitForFleet } from './lib/wait.js';

const TARGET_RSS_BYTES = 1024 ** 3;
const TARGET_AT = 10_000;

const flags = readBenchFlags(
  [
    { name: 'idle', value: 60, min: 10, max: 3600, help: 'seconds of the idle window in which RSS and CPU are measured' },
    { name: 'settle', value: 15, min: 0, max: 600, help: 'seconds to wait after the fleet is connected and acked, before the window' },
    { name: 'interval', value: 5, min: 1, max: 60, help: 'seconds between RSS samples in the window' },
    { name: 'keepalive', value: 60, min: 5, max: 600, help: 'MQTT keepalive of each session, seconds' },
    { name: 'workers', value: 2, min: 1, max: 8, help: 'load-generator processes the sessions are spread over' },
    { name: 'connect-concurrency', value: 100, min: 1, max: 2000, help: 'connects in flight per worker' },
    { name: 'enroll-concurrency', value: 8, min: 1, max: 256, help: 'enrollments in flight' },
  ],
  { sizes: [1000, 10_000], maxSize: 20_000 },
);

/** One broker process measured with one fleet size. */
interface Side {
  broker: 'controller' | 'bare aedes';
  gateways: number;
  /** RSS before any session connected (the controller: after the enrollments). */
  rssBeforeBytes: number;
  /** Median VmRSS of the window's samples. */
  rssIdleBytes: number;
  rssMinBytes: number;
  rssMaxBytes: number;
  end: ProcessMemory;
  /** utime+stime over the window ÷ its length (1.0 = one core). */
  cpuCores: number;
  windowS: number;
  /** The whole machine's busy CPU in the window (all processes, as % of one core): how quiet the machine was. */
  machineCores: number;
  connectMs: number;
  /** Sessions still open at the end of the window, and ones the broker closed. */
  connectedAtEnd: number;
  dropped: number;
  /** The load generator's RSS (all workers), for orientation. */
  fleetRssBytes: number;
  enrollMs?: number;
  controllerLog?: { warnings: number; errors: number; last: string[] };
}

const idleS = flags.int('idle');
const settleS = flags.int('settle');
const intervalS = Math.min(flags.int('interval'), idleS);
const keepaliveS = flags.int('keepalive');
const workers = flags.int('workers');
const connectConcurrency = flags.int('connect-concurrency');
const results: Side[] = [];

await withCleanup(async (cleanup) => {
  await buildController(flags.isSkippingBuild);

  for (const size of flags.sizes) {
    // The controller: enroll through the API, connect, let every gateway get and ack its desired state, then idle.
    progress(`controller, ${size} gateways: starting`);
    const controller = await startController();
    cleanup.add('the controller', () => controller.dispose());
    const enrollStartedAt = performance.now();
    const credentials = await enrollFleet(controller.api, size, { bench: 'idle' }, {
      concurrency: flags.int('enroll-concurrency'),
      onProgress: (done) => progress(`  enrolled ${done}/${size}`),
    });
    const enrollMs = performance.now() - enrollStartedAt;
    progress(`  enrolled ${size} in ${seconds(enrollMs)}`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    results.push(await measure('controller', controller.pid, controller.mqttUrl, credentials, true, cleanup, () => controller.problems(), enrollMs));
    await controller.dispose();

    progress(`bare aedes, ${size} gateways: starting`);
    const bare = await startBareBroker();
    cleanup.add('the bare broker', () => bare.dispose());
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    results.push(await measure('bare aedes', bare.pid, bare.url, credentials, false, cleanup));
    await bare.dispose();
  }
});

async function measure(
  broker: Side['broker'],
  pid: number,
  url: string,
  credentials: GatewayCredentials[],
  expectsDesired: boolean,
  cleanup: { add(what: string, undo: () => Promise<void>): void },
  problems?: () => Side['controllerLog'],
  enrollMs?: number,
): Promise<Side> {
  const size = credentials.length;
  const rssBeforeBytes = (await processMemory(pid)).rssBytes;
  const fleet = startFleet(workers);
  cleanup.add(`the fleet on ${broker}`, () => fleet.dispose());
  progress(`  connecting ${size} sessions (${workers} workers, ${connectConcurrency} at a time each)…`);
  const connected = await fleet.connect(url, credentials, { concurrency: connectConcurrency, keepaliveS });
  progress(`  connected ${connected.ok}, failed ${connected.failed} in ${seconds(connected.durationMs)}${connected.errors.length > 0 ? `; first errors: ${connected.errors.slice(0, 3).join(' | ')}` : ''}`);
  if (expectsDesired) {
    await waitForFleet(fleet, 'every gateway to receive and ack its desired state', (s) => s.withDesired >= connected.ok && s.acks >= connected.ok, 600_000);
  }
  progress(`  settling ${settleS} s, then measuring ${idleS} s idle…`);
  await new Promise((resolve) => setTimeout(resolve, settleS * 1000));
  const window = await sampleWindow({ broker: pid }, idleS, intervalS);
  const usage = window['broker'];
  if (usage === undefined) throw new Error('no samples');
  const stats = await fleet.stats();
  const side: Side = {
    broker,
    gateways: size,
    rssBeforeBytes,
    rssIdleBytes: median(usage.rssSamples),
    rssMinBytes: Math.min(...usage.rssSamples),
    rssMaxBytes: Math.max(...usage.rssSamples),
    end: usage.end,
    cpuCores: usage.cpuCores,
    windowS: usage.windowS,
    machineCores: usage.machineCores,
    connectMs: connected.durationMs,
    connectedAtEnd: stats.connected,
    dropped: stats.dropped,
    fleetRssBytes: stats.rssBytes,
    ...(enrollMs === undefined ? {} : { enrollMs }),
    ...(problems === undefined ? {} : { controllerLog: problems() }),
  };
  progress(`  ${broker}: RSS ${mib(side.rssIdleBytes)} (before sessions ${mib(rssBeforeBytes)}), CPU ${corePercent(side.cpuCores)}, open ${stats.connected}, dropped ${stats.dropped}`);
  await fleet.dispose();
  return side;
}

const rows = results.map((side) => {
  const base = results.find((other) => other.broker === 'bare aedes' && other.gateways === side.gateways);
  const isController = side.broker === 'controller';
  const perSession = (side.rssIdleBytes - side.rssBeforeBytes) / side.gateways;
  const verdict = !isController ? 'baseline' : side.gateways === TARGET_AT ? (side.rssIdleBytes <= TARGET_RSS_BYTES ? 'met' : 'missed') : '(target is at 10,000)';
  return [
    side.broker,
    side.gateways.toLocaleString('en'),
    `${side.connectedAtEnd} / ${side.dropped}`,
    mib(side.rssBeforeBytes),
    mib(side.rssIdleBytes),
    `${(perSession / 1024).toFixed(1)} KiB`,
    `${mib(side.end.anonBytes)} / ${mib(side.end.fileBytes)}`,
    mib(side.end.peakBytes),
    corePercent(side.cpuCores),
    base === undefined || !isController ? '' : ratio(side.rssIdleBytes, base.rssIdleBytes),
    base === undefined || !isController ? '' : base.cpuCores > 0 ? ratio(side.cpuCores, base.cpuCores) : '—',
    isController ? '≤ 1 GiB at 10,000' : '',
    verdict,
  ];
});
printTable(
  flags.isJson,
  `Idle sessions: VmRSS median over a ${idleS} s idle window (samples every ${intervalS} s), CPU = utime+stime over the window as % of one core; keepalive ${keepaliveS} s; 1 MiB = 2^20 bytes`,
  ['broker', 'gateways', 'open / dropped', 'RSS before sessions', 'RSS idle', 'per session', 'anon / file (end)', 'peak (VmHWM)', 'CPU idle', 'RSS ÷ bare', 'CPU ÷ bare', 'target', 'verdict'],
  rows,
);
printTable(
  flags.isJson,
  'Setup (not judged), and how busy the whole machine was in the idle window (all processes; 200 % = both cores)',
  ['broker', 'gateways', 'enrolled through the API', 'sessions connected', 'load generator RSS', 'machine CPU in the window', 'controller log WARN / ERROR'],
  results.map((s) => [
    s.broker,
    s.gateways.toLocaleString('en'),
    s.enrollMs === undefined ? '' : seconds(s.enrollMs),
    seconds(s.connectMs),
    mib(s.fleetRssBytes),
    corePercent(s.machineCores),
    s.controllerLog === undefined ? '' : `${s.controllerLog.warnings} / ${s.controllerLog.errors}`,
  ]),
);
for (const s of results) {
  if (s.controllerLog !== undefined && s.controllerLog.last.length > 0) {
    process.stderr.write(`\ncontroller log, last WARN/ERROR lines at ${s.gateways}:\n${s.controllerLog.last.join('\n')}\n`);
  }
}
printJson(flags.isJson, { benchmark: 'idle-sessions', machine: await machineFacts(), flags: { sizes: flags.sizes, idleS, settleS, intervalS, keepaliveS, workers }, results });
