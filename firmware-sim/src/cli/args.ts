import { parseArgs } from 'node:util';

/** What `gantry-sim run` was asked to do. */
export interface RunOptions {
  controllerUrl: string;
  adminPassword: string;
  count: number;
  idPrefix: string;
  labels: Record<string, string>;
  seed: string;
  crashLoop: { share: number; releaseId: string } | undefined;
  drop: { share: number; afterMs: number; forMs: number } | undefined;
  durationMs: number | undefined;
  jsonPath: string | undefined;
  enrollConcurrency: number;
  connectConcurrency: number;
  telemetryIntervalMs: number | undefined;
}

export const USAGE = `usage: gantry-sim run --controller <url> --admin-password <pw> --count <n> [options]

  --controller <url>           the controller, e.g. http://127.0.0.1:8080
  --admin-password <pw>        the admin's password (or GANTRY_ADMIN_PASSWORD)
  --count <n>                  gateways to enroll and run (1 to 10000)
  --prefix <text>              device ids are <prefix>-<n> (default sim)
  --labels k=v,...             labels of every gateway
  --seed <text>                seeds every random choice (default gantry)
  --crash-loop-share <0..1>    share of gateways whose engine crash-loops one release
  --crash-loop-release <id>    the release they crash-loop (e.g. thermo@2)
  --drop-share <0..1>          share of gateways to cut off the network
  --drop-after <duration>      when to cut them off (default 30s)
  --drop-for <duration>        how long (default 60s)
  --duration <duration>        stop after this long (default: until Ctrl-C)
  --json <file>                write the final report there as well
  --enroll-concurrency <n>     enrollments in flight at once (default 8)
  --connect-concurrency <n>    MQTT handshakes in flight at once (default 16)
  --telemetry-interval <dur>   one sample per gateway this often (default 60s; 0s: off)

Durations: 500ms, 30s, 5m, 1h (a bare number is seconds).`;

/** A command line that does not make sense; the message says what to change. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads `30s`, `5m`, `1h`, `500ms` or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a duration like 30s, 5m or 1h, not "${text}"`);
  const factor = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1_000;
  return Math.round(Number(match[1]) * factor);
}

/** Reads `site=berlin,tier=edge`. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--labels takes key=value pairs separated by commas, like site=berlin,tier=edge; "${pair}" has no key=value`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return labels;
}

function share(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new UsageError(`${flag} must be a share between 0 and 1 (0.3 for 30%), not "${text}"`);
  return value;
}

function whole(text: string | undefined, flag: string, fallback: number, max = 1_000_000): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, not "${text}"`);
  return value;
}

/** Parses `run` and its flags; throws {@link UsageError} with the fix for a bad line. */
export function parseRunArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): RunOptions {
  const { values, positionals } = readFlags(argv);
  if (positionals[0] !== 'run' || positionals.length > 1) throw new UsageError(`the only command is "run"${positionals.length > 0 ? `, not "${positionals.join(' ')}"` : ''}`);
  const controllerUrl = values.controller;
  if (controllerUrl === undefined) throw new UsageError('--controller is required, e.g. --controller http://127.0.0.1:8080');
  const adminPassword = values['admin-password'] ?? env['GANTRY_ADMIN_PASSWORD'];
  if (adminPassword === undefined || adminPassword === '') throw new UsageError('--admin-password (or GANTRY_ADMIN_PASSWORD) is required to mint enrollment tokens');
  if (values.count === undefined) throw new UsageError('--count is required: how many gateways to simulate');
  const count = whole(values.count, '--count', 1, 10_000);
  const crashShare = share(values['crash-loop-share'], '--crash-loop-share');
  const crashRelease = values['crash-loop-release'];
  if ((crashShare === undefined) !== (crashRelease === undefined)) throw new UsageError('--crash-loop-share and --crash-loop-release go together: which share of gateways crash-loops which release');
  const dropShare = share(values['drop-share'], '--drop-share');
  if (dropShare === undefined && (values['drop-after'] !== undefined || values['drop-for'] !== undefined)) throw new UsageError('--drop-after and --drop-for need --drop-share');
  const telemetry = values['telemetry-interval'];
  return {
    controllerUrl,
    adminPassword,
    count,
    idPrefix: values.prefix ?? 'sim',
    labels: values.labels === undefined ? {} : parseLabels(values.labels),
    seed: values.seed ?? 'gantry',
    crashLoop: crashShare !== undefined && crashRelease !== undefined ? { share: crashShare, releaseId: crashRelease } : undefined,
    drop:
      dropShare === undefined
        ? undefined
        : { share: dropShare, afterMs: parseDuration(values['drop-after'] ?? '30s', '--drop-after'), forMs: parseDuration(values['drop-for'] ?? '60s', '--drop-for') },
    durationMs: values.duration === undefined ? undefined : parseDuration(values.duration, '--duration'),
    jsonPath: values.json,
    enrollConcurrency: whole(values['enroll-concurrency'], '--enroll-concurrency', 8, 256),
    connectConcurrency: whole(values['connect-concurrency'], '--connect-concurrency', 16, 10_000),
    telemetryIntervalMs: telemetry === undefined ? undefined : parseDuration(telemetry, '--telemetry-interval'),
  };
}

function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        controller: { type: 'string' },
        'admin-password': { type: 'string' },
        count: { type: 'string' },
        prefix: { type: 'string' },
        labels: { type: 'string' },
        seed: { type: 'string' },
        'crash-loop-share': { type: 'string' },
        'crash-loop-release': { type: 'string' },
        'drop-share': { type: 'string' },
        'drop-after': { type: 'string' },
        'drop-for': { type: 'string' },
        duration: { type: 'string' },
        json: { type: 'string' },
        'enroll-concurrency': { type: 'string' },
        'connect-concurrency': { type: 'string' },
        'telemetry-interval': { type: 'string' },
      },
    });
  } catch (error) {
    // Node's parser says which flag it did not know, or which one lacks its value.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
