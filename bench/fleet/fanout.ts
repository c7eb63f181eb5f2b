// Benchmark: one release fanned out to N simulated gateways (firmware-sim: the agent's own
// sync session and supervisor on a simulated engine), timed from just before
// `POST /api/v1/deployments` (all at once) until each gateway (a) acked the new desired
// version and (b) converged (its reported state runs the release, healthy), as the controller
// saw each; against raw broker fan-out in the same run: a bare aedes broker delivering the same
// desired message, retained at QoS 1, to the same N gateway ids, and their acks. Then the same
// simulated gateways on a bare broker, given that message, timed until converged.
// Targets at 10,000 gateways: p99 to converged ≤ 5 s, and ≤ 2× the raw baseline.
// Run: node --conditions=@gantry/source --import tsx bench/fleet/fanout.ts [--sizes 1000,5000,10000] [--json]
import { randomBytes } from 'node:crypto';
import type { BehaviourProfile } from '@gantry/firmware-sim';
import { DesiredStateSchema } from '@gantry/protocol';
import { z } from 'zod';
import { Cleanup, withCleanup } from '../agent/lib/cleanup.js';
import { readBenchFlags } from '../controller/lib/args.js';
import { startBareBroker } from '../controller/lib/bare-broker.js';
import { buildController, startController } from '../controller/lib/controller-process.js';
import { startFleet } from '../controller/lib/fleet.js';
import { progress } from '../controller/lib/log.js';
import { machineFacts, printJson, seconds } from '../controller/lib/report.js';
import { measureControllerFanout, type ControllerFanout } from './fanout/controller-fanout.js';
import { measureBareBrokerSims, type BareBrokerSims } from './fanout/bare-broker-sims.js';
import { followFleetStream } from './fanout/fleet-stream.js';
import { listenForAcks } from './fanout/raw-acks.js';
import { measureRawFanout, type RawFanout } from './fanout/raw-fanout.js';
import { startSimFleet, type SimFleet } from './fanout/sim-fleet.js';
import { printResults, type SizeResult } from './fanout/tables.js';

const APP_ID = 'fanout';
const LABELS = { bench: 'fanout' };
const SELECTOR = 'bench=fanout';
// Gateway n is `bench-<n>`, n from 10,000: every id has the same length, so every gateway's
// messages have the same size.
const FIRST_INDEX = 10_000;
const IMAGES = ['registry.example.com/gantry/sensor-reader:1.4.2', 'registry.example.com/gantry/uplink:2.0.1'];
/** Two services with caps, no health check: converged means both run from the release. */
const MANIFEST = `name: ${APP_ID}
services:
  sensor:
    image: ${IMAGES[0]}
    env:
      INTERVAL: "5"
      LOG_LEVEL: info
    restart: { policy: unless-stopped }
    resources: { memoryBytes: 64Mi, nanoCpus: "0.25", pidsLimit: 64 }
  uplink:
    image: ${IMAGES[1]}
    env:
      BROKER: mqtt://127.0.0.1:1883
    restart: { policy: unless-stopped }
    resources: { memoryBytes: 32Mi, nanoCpus: "0.1", pidsLimit: 32 }
`;
/**
 * Fixed, small engine timings, so "converged" measures the platform rather than simulated
 * pulls: the images are on every gateway before the deployment (no pull step); create 20 ms,
 * start 50 ms, stop and remove 20 ms per container.
 */
const SIM_PROFILE: BehaviourProfile = { pullLatencyMs: 0, pullBytesPerSecond: 1e9, createMs: 20, startMs: 50, stopMs: 20, removeMs: 20 };
const IMAGE_BYTES = 1_000_000;
/** What every simulated gateway gets, whichever run it is in. */
const SIM_GATEWAYS = { labels: LABELS, profile: SIM_PROFILE, images: IMAGES };
/** The release after it: only `sensor` changes, so every gateway replaces one container and keeps the other. */
const UPDATED_MANIFEST = MANIFEST.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug');

const flags = readBenchFlags(
  [
    { name: 'settle', value: 10, min: 0, max: 600, help: 'seconds to wait after the fleet is connected and idle, before deploying' },
    { name: 'timeout', value: 900, min: 10, max: 3600, help: 'seconds to wait for every gateway to converge (and, raw, to ack)' },
    { name: 'setup-timeout', value: 3600, min: 60, max: 7200, help: 'seconds to wait for every gateway to connect and converge on its first (empty) target' },
    { name: 'workers', value: 2, min: 1, max: 8, help: 'load-generator processes the gateways are dealt over (round-robin)' },
    { name: 'enroll-concurrency', value: 8, min: 1, max: 256, help: 'enrollments in flight per worker' },
    { name: 'connect-concurrency', value: 32, min: 1, max: 2000, help: 'MQTT handshakes in flight per worker' },
    { name: 'telemetry', value: 0, min: 0, max: 3600, help: 'seconds between telemetry samples of each gateway; 0: none' },
  ],
  { sizes: [1000, 5000, 10_000], maxSize: 20_000 },
);

const Created = z.object({ id: z.string() });
const TokenAnswer = z.object({ token: z.string() });
const DeviceDetail = z.object({ desiredState: z.nullable(DesiredStateSchema) });
const settleMs = flags.int('settle') * 1000;
const timeoutMs = flags.int('timeout') * 1000;
const workers = flags.int('workers');
const results: SizeResult[] = [];

await withCleanup(async (cleanup) => {
  await buildController(flags.isSkippingBuild, { withFirmwareSim: true });
  for (const size of flags.sizes) {
    // Each side gets its own processes, removed before the next starts (a cleanup runs once).
    const controllerScope = new Cleanup();
    cleanup.add(`the controller run with ${size} gateways`, () => controllerScope.run());
    const measured = await controllerSide(controllerScope, size);
    await controllerScope.run();
    const rawScope = new Cleanup();
    cleanup.add(`the raw run with ${size} gateways`, () => rawScope.run());
    const raw = await rawSide(rawScope, measured);
    await rawScope.run();
    const simsScope = new Cleanup();
    cleanup.add(`the simulated gateways on a bare broker, ${size}`, () => simsScope.run());
    const bareBrokerSims = await bareBrokerSide(simsScope, measured);
    await simsScope.run();
    results.push({ gateways: size, setup: measured.setup, controller: measured.fanout, update: measured.update, raw, bareBrokerSims });
  }
});

printResults(flags.isJson, results);
printJson(flags.isJson, {
  benchmark: 'fleet-fanout',
  machine: await machineFacts(),
  flags: { sizes: flags.sizes, settleS: settleMs / 1000, workers, telemetryS: flags.int('telemetry') },
  simProfile: SIM_PROFILE,
  results,
});

interface ControllerSide {
  setup: SizeResult['setup'];
  fanout: ControllerFanout;
  update: ControllerFanout;
  gateways: { deviceId: string; password: string }[];
  releaseId: string;
  desired: z.infer<typeof DesiredStateSchema>;
}

async function controllerSide(scope: Cleanup, size: number): Promise<ControllerSide> {
  progress(`controller, ${size} gateways: starting`);
  const adminPassword = randomBytes(18).toString('base64url');
  const controller = await startController({ ADMIN_PASSWORD: adminPassword });
  scope.add('the controller', () => controller.dispose());
  await controller.api.post('/apps', { id: APP_ID }, Created);
  const release = await controller.api.post(`/apps/${APP_ID}/releases`, { manifest: MANIFEST, format: 'gantry' }, Created);

  const sims = startSimFleet(workers);
  scope.add('the simulated gateways', () => sims.dispose());
  progress(`  enrolling ${size} simulated gateways (${workers} workers, ${flags.int('enroll-concurrency')} at a time each)…`);
  const enrollStartedAt = Date.now();
  const gateways = await sims.enroll(FIRST_INDEX, size, {
    setup: { ...simSetup(size), controllerUrl: controller.apiUrl, adminPassword, enrollConcurrency: flags.int('enroll-concurrency') },
    idPrefix: 'bench',
    ...SIM_GATEWAYS,
  });
  const enrollMs = Date.now() - enrollStartedAt;
  progress(`  enrolled ${gateways.length} in ${seconds(enrollMs)}; starting their agents`);
  const connectStartedAt = Date.now();
  await sims.start();
  await waitForSims(sims, size);
  const connectMs = Date.now() - connectStartedAt;
  progress(`  ${size} connected and converged on their first (empty) target in ${seconds(connectMs)}; settling ${settleMs / 1000} s`);
  await new Promise((resolve) => setTimeout(resolve, settleMs));

  const { token } = await controller.api.post('/auth/login', { username: 'admin', password: adminPassword }, TokenAnswer, { isPublic: true });
  const stream = await followFleetStream(controller.apiUrl, token);
  scope.add('the fleet stream', async () => stream.close());
  const fanout = await measureControllerFanout({ controller, sims, stream, appId: APP_ID, releaseId: release.id, selector: SELECTOR, gateways: size, timeoutMs });
  const problems = controller.problems();
  progress(
    `  controller: acked p50/p99/max ${fmt(fanout.acked.p50Ms)} / ${fmt(fanout.acked.p99Ms)} / ${fmt(fanout.acked.maxMs)}; converged ${fanout.converged.count}/${size}, p50/p99/max ${fmt(fanout.converged.p50Ms)} / ${fmt(fanout.converged.p99Ms)} / ${fmt(fanout.converged.maxMs)}; log WARN ${problems.warnings} ERROR ${problems.errors}`,
  );
  const first = gateways[0];
  if (first === undefined) throw new Error('no gateway was enrolled');
  const { desiredState } = await controller.api.get(`/devices/${first.deviceId}`, DeviceDetail);
  if (desiredState === null) throw new Error(`the controller holds no desired state for ${first.deviceId}`);

  progress(`  settling ${settleMs / 1000} s, then the next release, which changes one of the two services`);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const next = await controller.api.post(`/apps/${APP_ID}/releases`, { manifest: UPDATED_MANIFEST, format: 'gantry' }, Created);
  const update = await measureControllerFanout({ controller, sims, stream, appId: APP_ID, releaseId: next.id, selector: SELECTOR, gateways: size, timeoutMs });
  progress(`  update: acked p50/p99/max ${fmt(update.acked.p50Ms)} / ${fmt(update.acked.p99Ms)} / ${fmt(update.acked.maxMs)}; converged ${update.converged.count}/${size}, p50/p99/max ${fmt(update.converged.p50Ms)} / ${fmt(update.converged.p99Ms)} / ${fmt(update.converged.maxMs)}`);
  return {
    setup: { enrollMs, connectMs, rawConnectMs: 0, controllerLog: controller.problems() },
    fanout,
    update,
    gateways,
    releaseId: release.id,
    desired: desiredState,
  };
}

async function rawSide(scope: Cleanup, measured: ControllerSide): Promise<RawFanout> {
  const size = measured.gateways.length;
  progress(`raw broker fan-out, ${size} gateways: starting`);
  const broker = await startBareBroker();
  scope.add('the bare broker', () => broker.dispose());
  const fleet = startFleet(workers);
  scope.add('the fleet on the bare broker', () => fleet.dispose());
  const connectStartedAt = Date.now();
  const connected = await fleet.connect(broker.url, measured.gateways, { concurrency: 100, keepaliveS: 60 });
  if (connected.failed > 0) throw new Error(`${connected.failed} sessions could not connect to the bare broker: ${connected.errors.slice(0, 5).join(' | ')}`);
  measured.setup.rawConnectMs = Date.now() - connectStartedAt;
  progress(`  connected ${connected.ok} mqtt.js sessions in ${seconds(measured.setup.rawConnectMs)}; settling ${settleMs / 1000} s`);
  const acks = await listenForAcks(broker.url);
  scope.add('the ack listener', () => acks.close());
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const raw = await measureRawFanout({ broker, fleet, acks, gateways: measured.gateways, desired: measured.desired, releaseId: measured.releaseId, timeoutMs });
  progress(`  raw: received p99/max ${fmt(raw.received.p99Ms)} / ${fmt(raw.received.maxMs)}; acked p50/p99/max ${fmt(raw.acked.p50Ms)} / ${fmt(raw.acked.p99Ms)} / ${fmt(raw.acked.maxMs)}`);
  return raw;
}

async function bareBrokerSide(scope: Cleanup, measured: ControllerSide): Promise<BareBrokerSims> {
  const size = measured.gateways.length;
  progress(`the same ${size} simulated gateways on a bare broker: starting`);
  const broker = await startBareBroker();
  scope.add('the bare broker', () => broker.dispose());
  const sims = startSimFleet(workers);
  scope.add('the simulated gateways on the bare broker', () => sims.dispose());
  await sims.adopt(measured.gateways, { setup: simSetup(size), brokerUrl: broker.url, ...SIM_GATEWAYS });
  const connectStartedAt = Date.now();
  await sims.start();
  // No controller, so no first (empty) target: connected is as far as they get before the release.
  await waitForSims(sims, size, { converged: false });
  const connectMs = Date.now() - connectStartedAt;
  progress(`  ${size} connected in ${seconds(connectMs)}; settling ${settleMs / 1000} s`);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const bare = await measureBareBrokerSims({ broker, sims, deviceIds: measured.gateways.map((g) => g.deviceId), desired: measured.desired, appId: APP_ID, releaseId: measured.releaseId, connectMs, timeoutMs });
  progress(`  bare broker: acked p99 ${fmt(bare.acked.p99Ms)}; converged ${bare.converged.count}/${size}, p50/p99/max ${fmt(bare.converged.p50Ms)} / ${fmt(bare.converged.p99Ms)} / ${fmt(bare.converged.maxMs)}`);
  return bare;
}

/** How every worker's fleet is built, on the controller and on the bare broker alike. */
function simSetup(size: number) {
  return { seed: `fanout-${size}`, connectConcurrency: flags.int('connect-concurrency'), telemetryIntervalMs: flags.int('telemetry') * 1000, keepaliveS: 60, imageBytes: IMAGE_BYTES };
}

/** Until every gateway is connected and (unless told otherwise) has converged on the empty target it got at enrollment. */
async function waitForSims(sims: SimFleet, size: number, options: { converged: boolean } = { converged: true }): Promise<void> {
  const startedAt = Date.now();
  let lastLine = startedAt;
  for (;;) {
    const counts = await sims.counts();
    if (counts.connected >= size && (!options.converged || counts.converged >= size)) return;
    if (Date.now() - startedAt > flags.int('setup-timeout') * 1000) throw new Error(`the fleet did not connect and converge in time: ${JSON.stringify(counts)}`);
    if (Date.now() - lastLine >= 10_000) {
      lastLine = Date.now();
      progress(`  after ${seconds(Date.now() - startedAt)}: connected ${counts.connected}, converged ${counts.converged}, connect failures ${counts.connectFailures}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? '—' : seconds(ms);
}
