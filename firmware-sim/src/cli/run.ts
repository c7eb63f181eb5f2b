import { writeFile } from 'node:fs/promises';
import { Fleet } from '../fleet/fleet.js';
import { crashLoopProfile, pickIndices } from '../fleet/profiles.js';
import { summaryLine, type FleetSummary } from '../fleet/summary.js';
import type { RunOptions } from './args.js';

/** What a run prints to, and how it is told to stop early. */
export interface RunIo {
  /** A whole line of output. */
  print(line: string): void;
  /** Replaces the live status line (a terminal); undefined: print a line now and then instead. */
  status?: (line: string) => void;
  /** Aborts when the user asks to stop (Ctrl-C). */
  signal?: AbortSignal;
}

/** The final report of a run, also written as JSON. */
export interface RunReport {
  options: Omit<RunOptions, 'adminPassword'>;
  startedAt: string;
  endedAt: string;
  enrollMs: number;
  /** From start until every gateway was connected once; null if that never happened. */
  allConnectedMs: number | null;
  /** From start until every gateway was converged or failing; null if that never happened. */
  settledMs: number | null;
  wallMs: number;
  faults: { at: string; what: string; deviceIds: number }[];
  summary: FleetSummary;
  /** Gateways failing at the end, with the releases they run (at most 1,000). */
  failing: { deviceId: string; profile: string; releases: Record<string, string>; rolledBack: Record<string, string> }[];
}

const LIVE_EVERY_MS = 2_000;
const PLAIN_EVERY_MS = 10_000;

/** Enrolls, starts and watches a fleet as the options say; returns the final report. */
export async function runFleet(options: RunOptions, io: RunIo): Promise<RunReport> {
  const started = Date.now();
  const crashing = options.crashLoop ? pickIndices(1, options.count, options.crashLoop.share, `${options.seed}:crash-loop`) : new Set<number>();
  const crashLoop = options.crashLoop;
  const fleet = await Fleet.connect({
    controllerUrl: options.controllerUrl,
    adminPassword: options.adminPassword,
    seed: options.seed,
    enrollConcurrency: options.enrollConcurrency,
    connectConcurrency: options.connectConcurrency,
    ...(options.telemetryIntervalMs === undefined ? {} : { telemetryIntervalMs: options.telemetryIntervalMs }),
  });
  io.print(`enrolling ${options.count} gateways at ${options.controllerUrl} …`);
  await fleet.enroll({
    count: options.count,
    idPrefix: options.idPrefix,
    labels: options.labels,
    profile: (index) => (crashLoop && crashing.has(index) ? crashLoopProfile(crashLoop.releaseId) : undefined),
  });
  const enrollMs = Date.now() - started;
  io.print(`enrolled ${options.count} gateways in ${(enrollMs / 1000).toFixed(1)} s; starting them`);
  const startedFleet = Date.now();
  await fleet.start();

  const faults: RunReport['faults'] = [];
  if (options.drop) {
    const { share, afterMs, forMs } = options.drop;
    fleet.later(afterMs, () => {
      const ids = fleet.partition({ share }, forMs);
      faults.push({ at: new Date().toISOString(), what: `network cut for ${forMs / 1000} s`, deviceIds: ids.length });
      io.print(`cut the network of ${ids.length} gateways for ${forMs / 1000} s`);
    });
  }

  let allConnectedMs: number | null = null;
  let settledMs: number | null = null;
  let lastPlain = 0;
  await new Promise<void>((resolve) => {
    const deadline = options.durationMs === undefined ? Number.POSITIVE_INFINITY : startedFleet + options.durationMs;
    const tick = () => {
      const summary = fleet.summary();
      const elapsed = Date.now() - startedFleet;
      if (allConnectedMs === null && summary.connected === summary.gateways) allConnectedMs = elapsed;
      if (settledMs === null && summary.converged + summary.failing === summary.gateways && summary.converged > 0) settledMs = elapsed;
      if (io.status) io.status(summaryLine(summary));
      else if (Date.now() - lastPlain >= PLAIN_EVERY_MS) {
        lastPlain = Date.now();
        io.print(summaryLine(summary));
      }
      if (Date.now() >= deadline || io.signal?.aborted) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, LIVE_EVERY_MS);
    io.signal?.addEventListener('abort', () => tick(), { once: true });
  });

  const summary = fleet.summary();
  const failing = fleet
    .statuses()
    .filter((status) => status.isFailing)
    .slice(0, 1_000)
    .map(({ deviceId, profile, releases, rolledBack }) => ({ deviceId, profile, releases, rolledBack }));
  await fleet.stop();
  const { adminPassword: _secret, ...shown } = options;
  const report: RunReport = {
    options: shown,
    startedAt: new Date(started).toISOString(),
    endedAt: new Date().toISOString(),
    enrollMs,
    allConnectedMs,
    settledMs,
    wallMs: Date.now() - started,
    faults,
    summary,
    failing,
  };
  if (options.jsonPath !== undefined) await writeFile(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
