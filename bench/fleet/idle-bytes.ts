// Benchmark: bytes on the wire per idle gateway per minute. N simulated gateways (firmware-sim:
// the agent's own sync session over mqtt.js) enroll with a real controller, run one deployed
// app, settle, and are then left alone; a TCP tap between them and the broker counts every
// byte of their MQTT sessions in a window, by packet kind. Target: at most 1 KB per gateway
// per minute.
// Run: node --conditions=@gantry/source --import tsx bench/fleet/idle-bytes.ts [--sizes 200] [--window 180] [--telemetry 10] [--json]
import { randomBytes } from 'node:crypto';
import { Fleet } from '@gantry/firmware-sim';
import { freePort } from '@gantry/test-kit';
import { z } from 'zod';
import { Cleanup, withCleanup } from '../agent/lib/cleanup.js';
import { readBenchFlags } from '../controller/lib/args.js';
import { buildController } from '../controller/lib/controller-process.js';
import { progress } from '../controller/lib/log.js';
import { machineFacts, printJson, printTable } from '../controller/lib/report.js';
import { startFleetController } from './lib/controller.js';
import { difference, startMqttTap, type TapCounters } from './lib/mqtt-tap.js';

const TARGET_BYTES_PER_MINUTE = 1024;
// IPv4 (20 B) and TCP with the timestamp option (32 B): what each segment adds on a real link.
const TCP_IP_HEADER_BYTES = 52;

const flags = readBenchFlags(
  [
    { name: 'window', value: 180, min: 30, max: 3600, help: 'seconds in which the idle traffic is counted' },
    { name: 'settle', value: 45, min: 0, max: 600, help: 'seconds to wait after the fleet converged, before the window' },
    { name: 'keepalive', value: 30, min: 5, max: 600, help: "MQTT keepalive of each gateway, seconds (the agent's default: 30)" },
    { name: 'check', value: 30, min: 5, max: 600, help: "the sync session's periodic check, seconds (the agent's default: 30)" },
    { name: 'telemetry', value: 10, min: 0, max: 3600, help: 'seconds between telemetry samples of each gateway; 0: none (firmware-sim default: 10)' },
  ],
  { sizes: [200], maxSize: 5_000 },
);

/** One fleet size measured. */
interface Result {
  gateways: number;
  windowS: number;
  /** MQTT bytes per gateway per minute, both ways. */
  bytesPerGatewayMinute: number;
  upPerGatewayMinute: number;
  downPerGatewayMinute: number;
  /** An upper estimate with TCP/IP headers: each data segment plus a bare ACK for it. */
  withHeadersPerGatewayMinute: number;
  segmentsPerGatewayMinute: number;
  /** By MQTT packet kind: bytes and packets per gateway per minute. */
  kinds: Record<string, { bytes: number; packets: number }>;
  connectionsOpened: number;
  connectionsClosed: number;
}

const manifest = (app: string) => `name: ${app}
services:
  meter:
    image: registry.local/${app}/meter:1
    restart: { policy: always }
    healthcheck: { test: [CMD, /bin/healthy], intervalMs: 10000, retries: 3 }
    resources: { memoryBytes: 64Mi, nanoCpus: "0.25" }
`;

const Created = z.object({ id: z.string() });
const windowS = flags.int('window');
const results: Result[] = [];

await withCleanup(async (cleanup) => {
  await buildController(flags.isSkippingBuild);
  for (const size of flags.sizes) {
    // Each size gets its own processes, removed before the next size starts (a cleanup runs once).
    const scope = new Cleanup();
    cleanup.add(`the run with ${size} gateways`, () => scope.run());
    progress(`${size} gateways: starting the controller behind an MQTT tap`);
    const brokerPort = await freePort();
    const tap = await startMqttTap(brokerPort);
    scope.add('the MQTT tap', () => tap.close());
    // Enrollment hands out the tap's URL, so every gateway session runs through it.
    const controller = await startFleetController({ MQTT_PORT: String(brokerPort), MQTT_PUBLIC_URLS: tap.url });
    scope.add('the controller', () => controller.dispose());
    const app = `idle-${randomBytes(3).toString('hex')}`;
    await controller.post('/apps', { id: app });
    const release = Created.parse(await controller.post(`/apps/${app}/releases`, { manifest: manifest(app), format: 'gantry' }));

    const fleet = await Fleet.connect({
      controllerUrl: controller.url,
      adminPassword: controller.adminPassword,
      seed: app,
      registry: { imageBytes: { kind: 'uniform', min: 500_000, max: 2_000_000 } },
      keepaliveS: flags.int('keepalive'),
      checkIntervalMs: flags.int('check') * 1000,
      telemetryIntervalMs: flags.int('telemetry') * 1000,
      connectConcurrency: 32,
    });
    scope.add('the fleet', () => fleet.stop());
    await fleet.enroll({ count: size, idPrefix: app, labels: { bench: app } });
    await fleet.start();
    await controller.post('/deployments', { appId: app, releaseId: release.id, selector: `bench=${app}` });
    await waitFor(`${size} gateways connected and converged`, () => {
      const summary = fleet.summary();
      return summary.connected === size && summary.converged === size;
    });
    progress(`${size} gateways converged; settling for ${flags.int('settle')} s`);
    await sleep(flags.int('settle') * 1000);

    progress(`counting for ${windowS} s`);
    const before = tap.snapshot();
    await sleep(windowS * 1000);
    const window = difference(before, tap.snapshot());
    const summary = fleet.summary();
    if (summary.connected !== size || summary.converged !== size) progress(`WARNING: at the end of the window ${summary.connected} connected, ${summary.converged} converged`);
    results.push(perGatewayMinute(window, size, windowS));
    await scope.run();
  }
});

for (const result of results) {
  printTable(flags.isJson, `Idle traffic of ${result.gateways} gateways over ${result.windowS} s, per gateway per minute (MQTT bytes; target ≤ ${TARGET_BYTES_PER_MINUTE} B)`, ['what', 'bytes', 'packets'], [
    ...Object.entries(result.kinds)
      .sort(([, a], [, b]) => b.bytes - a.bytes)
      .map(([kind, entry]) => [kind, entry.bytes.toFixed(1), entry.packets.toFixed(2)]),
    ['total MQTT (up + down)', `${result.bytesPerGatewayMinute.toFixed(1)} (${result.upPerGatewayMinute.toFixed(1)} up, ${result.downPerGatewayMinute.toFixed(1)} down)`, ''],
    ['with TCP/IP headers, upper estimate', result.withHeadersPerGatewayMinute.toFixed(1), `${result.segmentsPerGatewayMinute.toFixed(2)} data segments`],
    ['connections opened / closed in the window', `${result.connectionsOpened} / ${result.connectionsClosed}`, ''],
  ]);
}
printJson(flags.isJson, { machine: await machineFacts(), flags: { keepaliveS: flags.int('keepalive'), checkS: flags.int('check'), telemetryS: flags.int('telemetry') }, results });

function perGatewayMinute(window: TapCounters, gateways: number, seconds: number): Result {
  const per = (value: number) => value / gateways / (seconds / 60);
  const segments = window.segments.up + window.segments.down;
  const bytes = window.bytes.up + window.bytes.down;
  return {
    gateways,
    windowS: seconds,
    bytesPerGatewayMinute: per(bytes),
    upPerGatewayMinute: per(window.bytes.up),
    downPerGatewayMinute: per(window.bytes.down),
    withHeadersPerGatewayMinute: per(bytes + 2 * TCP_IP_HEADER_BYTES * segments),
    segmentsPerGatewayMinute: per(segments),
    kinds: Object.fromEntries(Object.entries(window.kinds).map(([kind, entry]) => [kind, { bytes: per(entry.bytes), packets: per(entry.packets) }])),
    connectionsOpened: window.connectionsOpened,
    connectionsClosed: window.connectionsClosed,
  };
}

async function waitFor(what: string, isDone: () => boolean, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(500);
  }
}

// A benchmark's measurement window is a fixed span of time by definition.
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
