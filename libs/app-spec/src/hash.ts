import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { normalize } from './normalize.js';
import type { AppSpec } from './schema.js';

/**
 * JSON with object keys sorted at every level and no whitespace; arrays keep their order.
 * Undefined members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  }
  const members: [string, unknown][] = Object.entries(value);
  const entries = members
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The sha256 (hex) of a value's canonical JSON: equal values, equal hashes, whatever their key order. */
export function canonicalHash(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}

/** The sha256 (hex) of the canonical JSON of the normalised spec: equal apps, equal hashes. */
export function contentHash(spec: AppSpec): string {
  return canonicalHash(normalize(spec));
}
