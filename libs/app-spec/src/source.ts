import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Issue, PathSegment, RawIssue } from './issues.js';
import { formatPath } from './issues.js';

/** The syntax a manifest is written in. */
export type ManifestFormat = 'yaml' | 'json';

/** A parsed manifest text that can point a path back at its line. */
export interface SourceDocument {
  /** The document as plain data (maps as objects, merge keys applied). */
  value: unknown;
  /** Where the field at this path is written, when it can be found. */
  locate(segments: readonly PathSegment[]): { line: number; column: number } | undefined;
  /** Turns raw issues into issues with dotted paths and line numbers. */
  place(issues: readonly RawIssue[]): Issue[];
}

/** The outcome of reading text as YAML or JSON. */
export type SourceResult =
  | { ok: true; doc: SourceDocument; warnings: Issue[] }
  | { ok: false; errors: Issue[]; warnings: Issue[] };

// Compose files lean on anchors; a cap on alias expansion stops a "billion laughs" document.
const MAX_ALIAS_COUNT = 1000;

type AnyNode = Node | Pair | null | undefined;

function findPair(doc: Document, node: AnyNode, key: PathSegment, depth = 0): Pair | undefined {
  if (!isMap(node) || depth > 10) return undefined;
  let merged: Pair | undefined;
  for (const item of node.items) {
    if (!isPair(item)) continue;
    const k = isScalar(item.key) ? item.key.value : item.key;
    if (String(k) === String(key)) return item;
    // A key brought in by `<<: *anchor` is written at the anchor; look there.
    if (k === '<<' && merged === undefined) {
      const sources = isSeq(item.value) ? item.value.items : [item.value];
      for (const source of sources) {
        const target = isAlias(source) ? source.resolve(doc) : source;
        merged = findPair(doc, asNode(target), key, depth + 1);
        if (merged) break;
      }
    }
  }
  return merged;
}

function asNode(value: unknown): Node | undefined {
  return isNode(value) ? value : undefined;
}

function rangeOf(node: AnyNode): number | undefined {
  if (node && 'range' in node && Array.isArray(node.range)) return node.range[0];
  return undefined;
}

function locateIn(doc: Document, segments: readonly PathSegment[]): number | undefined {
  let node: AnyNode = doc.contents;
  let offset = rangeOf(node);
  for (const segment of segments) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = findPair(doc, node, segment);
      if (!pair) break;
      const value: unknown = pair.value;
      // A scalar's line is the value's; a block map or list starts on the line of its key.
      offset = (isScalar(value) ? rangeOf(value) : undefined) ?? rangeOf(asNode(pair.key)) ?? offset;
      node = asNode(value);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = asNode(node.items[segment]);
      if (!item) break;
      offset = rangeOf(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function position(counter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = counter.linePos(offset);
  return { line: Math.max(line, 1), column: Math.max(col, 1) };
}

/** Builds an issue at a path, with the line and column where the path is written. */
export function placeIssue(doc: SourceDocument | undefined, raw: RawIssue): Issue {
  const issue: Issue = { path: formatPath(raw.segments), message: raw.message };
  const at = doc?.locate(raw.segments);
  if (at) {
    issue.line = at.line;
    issue.column = at.column;
  }
  return issue;
}

function guessFormat(text: string): ManifestFormat {
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

// JSON.parse reports "position N" in V8 and other forms elsewhere; this reads V8's when present.
function jsonErrorOffset(message: string): number | undefined {
  const match = /position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Reads manifest text as YAML (1.2, merge keys on) or JSON, keeping node positions for errors. */
export function readSource(text: string, format?: ManifestFormat): SourceResult {
  const counter = new LineCounter();
  const kind = format ?? guessFormat(text);
  const doc = parseDocument(text, { lineCounter: counter, merge: true, uniqueKeys: true, prettyErrors: false });
  const located = (error: { message: string; pos: [number, number] }, prefix: string): Issue => {
    const at = position(counter, error.pos[0]);
    return { path: '', message: `${prefix}: ${error.message.split('\n')[0] ?? ''} (line ${at.line}, column ${at.column})`, ...at };
  };
  const label = kind === 'json' ? 'JSON syntax error' : 'YAML syntax error';
  const warnings = doc.warnings.map((w) => located(w, 'YAML warning'));
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => located(e, label)), warnings };
  }
  if (kind === 'json') {
    try {
      JSON.parse(text);
    } catch (error) {
      // JSON.parse throws on bad input by design; we turn that into a located issue.
      const message = error instanceof Error ? error.message : String(error);
      const offset = jsonErrorOffset(message);
      const at = offset === undefined ? undefined : position(counter, offset);
      const issue: Issue = { path: '', message: `${label}: ${message}`, ...(at ?? {}) };
      return { ok: false, errors: [issue], warnings };
    }
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '', message: `cannot expand the document: ${message}` }], warnings };
  }
  const source: SourceDocument = {
    value,
    locate(segments) {
      const offset = locateIn(doc, segments);
      return offset === undefined ? undefined : position(counter, offset);
    },
    place(issues) {
      return issues.map((raw) => placeIssue(source, raw));
    },
  };
  return { ok: true, doc: source, warnings };
}
