import { canonicalJson } from '@gantry/app-spec';
import { createTwoFilesPatch, diffArrays } from 'diff';
import { stringify } from 'yaml';

/** One difference between two manifests, at a dotted path such as `services.web.env.TZ`. */
export interface ManifestChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Segment = string | number;

// The same path spelling app-spec uses in its validation errors, so a user reads one dialect:
// keys with dots or slashes (labels such as `com.acme.role`) go in brackets.
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function formatPath(segments: readonly Segment[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!PLAIN_KEY.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

function diffMaps(before: Record<string, unknown>, after: Record<string, unknown>, at: Segment[], out: ManifestChange[]): void {
  const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !Object.hasOwn(before, key))];
  for (const key of keys) {
    const path = [...at, key];
    if (!Object.hasOwn(after, key)) out.push({ path: formatPath(path), kind: 'removed', before: before[key] });
    else if (!Object.hasOwn(before, key)) out.push({ path: formatPath(path), kind: 'added', after: after[key] });
    else diffValues(before[key], after[key], path, out);
  }
}

/**
 * Lists are matched item by item with a longest-common-subsequence diff, so adding one
 * capability reads as one added item rather than every later item "changed". A run of
 * removed items replaced by as many added ones is a change in place, diffed field by field.
 * Removed items carry their index in `before`, added ones their index in `after`.
 */
function diffLists(before: unknown[], after: unknown[], at: Segment[], out: ManifestChange[]): void {
  let oldIndex = 0;
  let newIndex = 0;
  const parts = diffArrays(before, after, { comparator: sameValue });
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === undefined) continue;
    const next = parts[i + 1];
    if (part.removed && next?.added === true) {
      const paired = Math.min(part.count, next.count);
      for (let k = 0; k < paired; k++) diffValues(part.value[k], next.value[k], [...at, newIndex + k], out);
      for (let k = paired; k < part.count; k++) out.push({ path: formatPath([...at, oldIndex + k]), kind: 'removed', before: part.value[k] });
      for (let k = paired; k < next.count; k++) out.push({ path: formatPath([...at, newIndex + k]), kind: 'added', after: next.value[k] });
      oldIndex += part.count;
      newIndex += next.count;
      i++;
    } else if (part.removed) {
      part.value.forEach((item, k) => out.push({ path: formatPath([...at, oldIndex + k]), kind: 'removed', before: item }));
      oldIndex += part.count;
    } else if (part.added) {
      part.value.forEach((item, k) => out.push({ path: formatPath([...at, newIndex + k]), kind: 'added', after: item }));
      newIndex += part.count;
    } else {
      oldIndex += part.count;
      newIndex += part.count;
    }
  }
}

function diffValues(before: unknown, after: unknown, at: Segment[], out: ManifestChange[]): void {
  if (sameValue(before, after)) return;
  if (isMap(before) && isMap(after)) diffMaps(before, after, at, out);
  else if (Array.isArray(before) && Array.isArray(after)) diffLists(before, after, at, out);
  else out.push({ path: formatPath(at), kind: 'changed', before, after });
}

/** Every difference between two canonical manifests (or any JSON values), in document order. */
export function diffManifests(before: unknown, after: unknown): ManifestChange[] {
  const out: ManifestChange[] = [];
  diffValues(before, after, [], out);
  return out;
}

/** A unified diff of two manifests rendered as YAML, headed by the names given. */
export function unifiedManifestDiff(fromName: string, before: unknown, toName: string, after: unknown): string {
  return createTwoFilesPatch(fromName, toName, stringify(before), stringify(after));
}
