import { parseDuration } from './duration.js';
import type { Issue, ParseResult, PathSegment, RawIssue } from './issues.js';
import { formatPath } from './issues.js';
import { normalize } from './normalize.js';
import { parseCpus, parseSize } from './quantity.js';
import type { QuantityResult } from './quantity.js';
import { entriesOf, isRecord } from './records.js';
import type { AppSpec } from './schema.js';
import { AppSpecSchema } from './schema.js';
import type { ManifestFormat, SourceDocument } from './source.js';
import { placeIssue, readSource } from './source.js';
import { fromZodIssues } from './zod-issues.js';

/** Options for `parseAppSpec`. */
export interface ParseOptions {
  /** The text's syntax; guessed from the first character when left out. */
  format?: ManifestFormat;
}

type Reader = (input: unknown) => QuantityResult;

const swap: Reader = (input) => (input === '-1' ? { ok: true, value: -1 } : parseSize(input));

// Where the native format lets a person write `512Mi`, `0.5` CPUs or `30s` instead of the
// canonical integer. Only these fields: a string elsewhere stays a string.
const resourceFields: Record<string, Reader> = {
  memoryBytes: parseSize,
  memoryReservationBytes: parseSize,
  memorySwapBytes: swap,
  nanoCpus: parseCpus,
  nanoCpusReservation: parseCpus,
};
const healthcheckFields = ['intervalMs', 'timeoutMs', 'startPeriodMs', 'startIntervalMs'];

function convert(
  map: Record<string, unknown>,
  key: string,
  read: Reader,
  at: PathSegment[],
  issues: RawIssue[],
): void {
  const value = map[key];
  if (typeof value !== 'string') return;
  const result = read(value);
  if (result.ok) map[key] = result.value;
  else issues.push({ segments: [...at, key], message: result.message });
}

// YAML reads `PORT: 8080` and `DEBUG: true` as a number and a boolean; env values are text.
function stringifyScalars(map: unknown): void {
  if (!isRecord(map)) return;
  for (const [key, value] of entriesOf(map)) {
    if (typeof value === 'number' || typeof value === 'boolean') map[key] = String(value);
  }
}

function sugarService(service: Record<string, unknown>, at: PathSegment[], issues: RawIssue[]): void {
  stringifyScalars(service.env);
  stringifyScalars(service.labels);
  stringifyScalars(service.sysctls);
  if (isRecord(service.logging)) stringifyScalars(service.logging.options);
  convert(service, 'shmSizeBytes', parseSize, at, issues);
  convert(service, 'stopGracePeriodMs', parseDuration, at, issues);
  const resources = service.resources;
  if (isRecord(resources)) {
    const where = [...at, 'resources'];
    for (const [key, read] of Object.entries(resourceFields)) convert(resources, key, read, where, issues);
    for (const key of ['deviceReadBps', 'deviceWriteBps']) {
      const list = resources[key];
      if (!Array.isArray(list)) continue;
      list.forEach((item: unknown, index) => {
        if (isRecord(item)) convert(item, 'bytesPerSecond', parseSize, [...where, key, index], issues);
      });
    }
  }
  const check = service.healthcheck;
  if (isRecord(check)) {
    for (const key of healthcheckFields) convert(check, key, parseDuration, [...at, 'healthcheck'], issues);
  }
  if (Array.isArray(service.volumes)) {
    service.volumes.forEach((mount: unknown, index) => {
      if (isRecord(mount)) convert(mount, 'sizeBytes', parseSize, [...at, 'volumes', index], issues);
    });
  }
  if (Array.isArray(service.devices)) {
    const devices: unknown[] = service.devices;
    for (const device of devices) {
      if (isRecord(device) && device.containerPath === undefined && typeof device.hostPath === 'string') {
        device.containerPath = device.hostPath;
      }
    }
  }
}

function sugar(value: Record<string, unknown>, issues: RawIssue[]): void {
  if (isRecord(value.volumes)) {
    for (const [, volume] of entriesOf(value.volumes)) {
      if (isRecord(volume)) {
        stringifyScalars(volume.driverOpts);
        stringifyScalars(volume.labels);
      }
    }
  }
  const services = value.services;
  if (!isRecord(services)) return;
  for (const [name, service] of entriesOf(services)) {
    if (isRecord(service)) sugarService(service, ['services', name], issues);
  }
}

/**
 * Validates an already-decoded native manifest (e.g. a JSON request body): fills defaults,
 * reads human quantities, checks every field and returns the normalised spec or all errors.
 */
export function validateAppSpec(input: unknown, doc?: SourceDocument): ParseResult<AppSpec> {
  const place = (raw: RawIssue[]): Issue[] => raw.map((r) => placeIssue(doc, r));
  if (!isRecord(input)) {
    return {
      ok: false,
      errors: place([{ segments: [], message: 'a manifest must be a map with at least name and services' }]),
      warnings: [],
    };
  }
  const value = structuredClone(input);
  // Top-level x- keys hold YAML anchors for the rest of the file, as in compose.
  for (const key of Object.keys(value)) if (key.startsWith('x-')) delete value[key];
  const issues: RawIssue[] = [];
  sugar(value, issues);
  const parsed = AppSpecSchema.safeParse(value);
  if (!parsed.success) {
    // A quantity that could not be read was already explained; zod would only add "not a number".
    const explained = new Set(issues.map((i) => formatPath(i.segments)));
    issues.push(...fromZodIssues(parsed.error.issues, value).filter((i) => !explained.has(formatPath(i.segments))));
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, errors: place(issues), warnings: [] };
  return { ok: true, spec: normalize(parsed.data), warnings: [] };
}

/** Parses a Gantry manifest written in YAML or JSON; never throws. */
export function parseAppSpec(text: string, options: ParseOptions = {}): ParseResult<AppSpec> {
  const source = readSource(text, options.format);
  if (!source.ok) return source;
  const result = validateAppSpec(source.doc.value, source.doc);
  return { ...result, warnings: [...source.warnings, ...result.warnings] };
}
