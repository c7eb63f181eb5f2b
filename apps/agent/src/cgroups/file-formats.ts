// Parsers for the text formats of cgroup files (Documentation/admin-guide/cgroup-v2.rst
// "Interface Files"; cgroup-v1/*.rst). Pure, so the odd formats are unit tested directly.
import { parseDeviceNumber } from './mountinfo.js';
import type { DeviceValue, IoBytes } from './reading.js';

/** A whole number from a single-value file; `path` only names the file in the error. */
export function parseInteger(text: string, path: string): number {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new Error(`${path}: expected a number, found ${JSON.stringify(trimmed)}`);
  return Number(trimmed);
}

/**
 * A v1 byte limit; "unlimited" is PAGE_COUNTER_MAX pages (9223372036854771712 with 4 KiB
 * pages, other values with other page sizes), so anything past 2^53 counts as no limit:
 * no real limit is 8 PiB.
 */
export function parseV1Limit(text: string, path: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new Error(`${path}: expected a byte count, found ${JSON.stringify(trimmed)}`);
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : null;
}

/** A v2 single value where `max` means no limit (memory.max, pids.max, ...). */
export function parseMaxOrInteger(text: string, path: string): number | null {
  return text.trim() === 'max' ? null : parseInteger(text, path);
}

/** v2 `cpu.max`: `$MAX $PERIOD`, MAX being `max` when there is no quota. */
export function parseCpuMax(text: string, path: string): { quotaUs: number | null; periodUs: number } {
  const [quota, period, ...rest] = text.trim().split(/\s+/);
  if (quota === undefined || period === undefined || rest.length > 0) {
    throw new Error(`${path}: expected "quota period", found ${JSON.stringify(text.trim())}`);
  }
  return { quotaUs: parseMaxOrInteger(quota, path), periodUs: parseInteger(period, path) };
}

/** Flat keyed files, one `key value` a line (cpu.stat, memory.events, memory.oom_control). */
export function parseFlatKeyed(text: string, path: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key === undefined || key === '' || value === undefined) continue;
    values.set(key, parseInteger(value, `${path} (${key})`));
  }
  return values;
}

/** v1 per-device files: `major:minor value` a line (blkio.throttle.read_bps_device, ...). */
export function parseDeviceValues(text: string, path: string): DeviceValue[] {
  const devices: DeviceValue[] = [];
  for (const line of text.split('\n')) {
    const [device, value] = line.trim().split(/\s+/);
    if (device === undefined || device === '' || value === undefined) continue;
    devices.push({ ...parseDeviceNumber(device), value: parseInteger(value, `${path} (${device})`) });
  }
  return devices;
}

/**
 * v1 `blkio.*io_service_bytes*`: `major:minor Op bytes` lines, Op being Read, Write, Sync,
 * Async, Discard or Total, and a closing `Total bytes` line. Read and Write are summed over devices.
 */
export function parseServiceBytes(text: string, path: string): IoBytes {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    const [, op, value] = line.trim().split(/\s+/);
    if (value === undefined) continue;
    if (op === 'Read') readBytes += parseInteger(value, `${path} (Read)`);
    else if (op === 'Write') writeBytes += parseInteger(value, `${path} (Write)`);
  }
  return { readBytes, writeBytes };
}

/** v2 `io.stat`: `major:minor rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N` a line; rbytes and wbytes summed over devices. */
export function parseIoStat(text: string, path: string): IoBytes {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    const [device, ...pairs] = line.trim().split(/\s+/);
    if (device === undefined || device === '') continue;
    for (const pair of pairs) {
      const [key, value] = pair.split('=');
      if (value === undefined) continue;
      if (key === 'rbytes') readBytes += parseInteger(value, `${path} (${device} rbytes)`);
      else if (key === 'wbytes') writeBytes += parseInteger(value, `${path} (${device} wbytes)`);
    }
  }
  return { readBytes, writeBytes };
}

/** A key of v2 `io.max`. */
export type IoMaxKey = 'rbps' | 'wbps' | 'riops' | 'wiops';

/**
 * The devices v2 `io.max` caps on one key. Lines are
 * `8:0 rbps=1048576 wbps=max riops=max wiops=max`; `max` entries are uncapped and left out.
 */
export function parseIoMax(text: string, key: IoMaxKey, path: string): DeviceValue[] {
  const devices: DeviceValue[] = [];
  for (const line of text.split('\n')) {
    const [device, ...pairs] = line.trim().split(/\s+/);
    if (device === undefined || device === '') continue;
    const value = pairs.find((pair) => pair.startsWith(`${key}=`))?.slice(key.length + 1);
    if (value === undefined || value === 'max') continue;
    devices.push({ ...parseDeviceNumber(device), value: parseInteger(value, `${path} (${device} ${key})`) });
  }
  return devices;
}

/**
 * Weight files in any of their shapes: a bare number (v1 blkio.weight, blkio.bfq.weight),
 * or `default N` plus `major:minor N` lines (v2 io.weight, io.bfq.weight, v1 *weight_device).
 */
export function parseWeights(text: string, path: string): { defaultWeight: number | undefined; devices: DeviceValue[] } {
  let defaultWeight: number | undefined;
  const devices: DeviceValue[] = [];
  for (const line of text.split('\n')) {
    const [first, second] = line.trim().split(/\s+/);
    if (first === undefined || first === '') continue;
    if (second === undefined) defaultWeight = parseInteger(first, path);
    else if (first === 'default') defaultWeight = parseInteger(second, path);
    else devices.push({ ...parseDeviceNumber(first), value: parseInteger(second, `${path} (${first})`) });
  }
  return { defaultWeight, devices };
}

/** A cpu list such as `0-2,4` as sorted CPU numbers; empty text gives `[]`. */
export function parseCpuList(text: string): number[] {
  const cpus = new Set<number>();
  for (const part of text.trim().split(',')) {
    if (part === '') continue;
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match?.[1]) throw new Error(`not a cpu list: ${JSON.stringify(text.trim())} (expected e.g. 0-2,4)`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) throw new Error(`not a cpu list: ${JSON.stringify(text.trim())} (range ${part} runs backwards)`);
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}
