// The fan-out benchmark's tables: latencies with ratios to the raw baseline, the issue's
// targets at 10,000 gateways beside the same gateways on a bare broker, and what setting up and fanning out cost.
import { mib, printTable, ratio, seconds } from '../../controller/lib/report.js';
import type { ControllerFanout } from './controller-fanout.js';
import type { BareBrokerSims } from './bare-broker-sims.js';
import type { RawFanout } from './raw-fanout.js';
import type { Spread } from './spread.js';

/** Everything measured at one fleet size. */
export interface SizeResult {
  gateways: number;
  setup: {
    enrollMs: number;
    /** From starting the agents until every gateway was connected and converged on its empty first target. */
    connectMs: number;
    /** The baseline's mqtt.js sessions connecting to the bare broker. */
    rawConnectMs: number;
    controllerLog: { warnings: number; errors: number; last: string[] };
  };
  controller: ControllerFanout;
  /** The next release, changing one of the two services, to the same gateways. */
  update: ControllerFanout;
  raw: RawFanout;
  /** The same simulated gateways on a bare broker: what they take without a controller. */
  bareBrokerSims: BareBrokerSims;
}

const TARGET_SIZE = 10_000;
const TARGET_P99_MS = 5_000;
const TARGET_RATIO = 2;

const fmt = (ms: number | undefined) => (ms === undefined ? '—' : seconds(ms));
const times = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '—' : ratio(a, b));

function row(gateways: number, side: string, milestone: string, spread: Spread, base: Spread | undefined): string[] {
  return [
    gateways.toLocaleString('en'),
    side,
    milestone,
    `${spread.count}`,
    fmt(spread.p50Ms),
    fmt(spread.p99Ms),
    fmt(spread.maxMs),
    base === undefined ? '' : times(spread.p50Ms, base.p50Ms),
    base === undefined ? '' : times(spread.p99Ms, base.p99Ms),
    base === undefined ? '' : times(spread.maxMs, base.maxMs),
  ];
}

export function printResults(isJson: boolean, results: readonly SizeResult[]): void {
  printTable(
    isJson,
    'Release fan-out: from just before POST /deployments (controller) or the first publish (raw) until each gateway got there; ratios ÷ raw "acked"',
    ['gateways', 'side', 'milestone', 'gateways there', 'p50', 'p99', 'max', 'ratio p50', 'ratio p99', 'ratio max'],
    results.flatMap((r) => [
      row(r.gateways, 'controller', 'desired published (its batch done)', r.controller.published, undefined),
      row(r.gateways, 'controller', 'acked (report in)', r.controller.acked, r.raw.acked),
      row(r.gateways, 'controller', 'converged (report in)', r.controller.converged, r.raw.acked),
      row(r.gateways, 'update', 'acked (report in)', r.update.acked, r.raw.acked),
      row(r.gateways, 'update', 'converged (report in)', r.update.converged, r.raw.acked),
      row(r.gateways, 'raw broker', 'received', r.raw.received, undefined),
      row(r.gateways, 'raw broker', 'acked (report in)', r.raw.acked, undefined),
      row(r.gateways, 'sims, bare broker', 'acked (report in)', r.bareBrokerSims.acked, r.raw.acked),
      row(r.gateways, 'sims, bare broker', 'converged (report in)', r.bareBrokerSims.converged, r.raw.acked),
    ]),
  );
  printTable(
    isJson,
    `The issue's targets (judged at ${TARGET_SIZE.toLocaleString('en')} gateways): p99 to converged ≤ ${TARGET_P99_MS / 1000} s, and ≤ ${TARGET_RATIO}× the raw baseline (its p99 to acked)`,
    ['gateways', 'converged p99', 'converged p99 ÷ raw acked p99', 'verdict', 'same sims on a bare broker: converged p99', 'its ÷ raw acked p99'],
    results.map((r) => {
      const p99 = r.controller.converged.count >= r.gateways ? r.controller.converged.p99Ms : undefined;
      const bare = r.bareBrokerSims.converged.count >= r.gateways ? r.bareBrokerSims.converged.p99Ms : undefined;
      const base = r.raw.acked.p99Ms;
      const isJudged = r.gateways === TARGET_SIZE && p99 !== undefined && base !== undefined;
      const isMet = isJudged && p99 <= TARGET_P99_MS && p99 / base <= TARGET_RATIO;
      return [r.gateways.toLocaleString('en'), fmt(p99), times(p99, base), isJudged ? (isMet ? 'met' : 'not met') : 'not judged', fmt(bare), times(bare, base)];
    }),
  );
  printTable(
    isJson,
    'The same simulated gateways on a bare broker, given the controller\'s desired message all at once (CPU from the publish until the last gateway converged)',
    ['gateways', 'connected in', 'converged p50 / p99 / max', 'sims CPU', 'bare broker CPU', 'benchmark CPU', 'machine CPU', 'speed probe', 'load'],
    results.map((r) => [
      r.gateways.toLocaleString('en'),
      seconds(r.bareBrokerSims.connectMs),
      `${fmt(r.bareBrokerSims.converged.p50Ms)} / ${fmt(r.bareBrokerSims.converged.p99Ms)} / ${fmt(r.bareBrokerSims.converged.maxMs)}`,
      `${r.bareBrokerSims.simCpuS.toFixed(1)} core-s`,
      `${r.bareBrokerSims.brokerCpuS.toFixed(1)} core-s`,
      `${r.bareBrokerSims.benchCpuS.toFixed(1)} core-s`,
      `${r.bareBrokerSims.machineCpuS.toFixed(1)} core-s`,
      `${r.bareBrokerSims.probeMs.toFixed(0)} ms`,
      `${r.bareBrokerSims.loadBefore.toFixed(1)} → ${r.bareBrokerSims.loadAfter.toFixed(1)}`,
    ]),
  );
  printTable(
    isJson,
    'Setup and cost (load average: 1 min, before → after the fan-out; CPU from the request until the last gateway converged; the update after /)',
    ['gateways', 'enrolled in', 'sims connected + converged (empty)', 'raw sessions connected', 'API answered', 'controller CPU', 'of which its main thread', 'sims CPU', 'benchmark CPU', 'machine CPU', 'speed probe (controller run, before → after; raw run)', 'load (controller run)', 'load (raw run)', 'raw broker CPU', 'controller RSS / peak', 'WARN / ERROR', 'statuses at end', 'converged on the gateways'],
    results.map((r) => [
      r.gateways.toLocaleString('en'),
      seconds(r.setup.enrollMs),
      seconds(r.setup.connectMs),
      seconds(r.setup.rawConnectMs),
      `${seconds(r.controller.answerMs)} / ${seconds(r.update.answerMs)}`,
      `${r.controller.controllerCpuS.toFixed(1)} / ${r.update.controllerCpuS.toFixed(1)} core-s`,
      `${r.controller.controllerMainThreadCpuS.toFixed(1)} / ${r.update.controllerMainThreadCpuS.toFixed(1)} core-s`,
      `${r.controller.simCpuS.toFixed(1)} / ${r.update.simCpuS.toFixed(1)} core-s`,
      `${r.controller.benchCpuS.toFixed(1)} / ${r.update.benchCpuS.toFixed(1)} core-s`,
      `${r.controller.machineCpuS.toFixed(1)} / ${r.update.machineCpuS.toFixed(1)} core-s`,
      `${r.controller.probeMs.before.toFixed(0)} → ${r.controller.probeMs.after.toFixed(0)} ms; ${r.raw.probeMs.toFixed(0)} ms`,
      `${r.controller.loadBefore.toFixed(1)} → ${r.controller.loadAfter.toFixed(1)}`,
      `${r.raw.loadBefore.toFixed(1)} → ${r.raw.loadAfter.toFixed(1)}`,
      `${r.raw.brokerCpuS.toFixed(1)} core-s`,
      `${mib(r.controller.controllerRssAfterBytes)} / ${mib(r.controller.controllerPeakBytes)}`,
      `${r.setup.controllerLog.warnings} / ${r.setup.controllerLog.errors}`,
      `${statusesOf(r.controller)} / ${statusesOf(r.update)}`,
      `${r.controller.onGateways.converged} / ${r.update.onGateways.converged}`,
    ]),
  );
  printTable(
    isJson,
    'MQTT messages per gateway during the fan-out and the update, as the controller counted them (in: from gateways; out: to them)',
    ['gateways', 'fan-out', 'update'],
    results.map((r) => [r.gateways.toLocaleString('en'), messagesOf(r.controller), messagesOf(r.update)]),
  );
  for (const r of results) {
    if (r.setup.controllerLog.last.length > 0) process.stderr.write(`\ncontroller log, last WARN/ERROR lines at ${r.gateways}:\n${r.setup.controllerLog.last.join('\n')}\n`);
  }
}

function statusesOf(fanout: ControllerFanout): string {
  return Object.entries(fanout.statuses)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
}

function messagesOf(fanout: ControllerFanout): string {
  return Object.entries(fanout.messagesPerGateway)
    .map(([kind, n]) => `${kind} ${n.toFixed(2)}`)
    .join(', ');
}
