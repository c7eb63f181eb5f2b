/** One step of a path into a manifest: a key of a map or an index of a list. */
export type PathSegment = string | number;

/** A problem found in a manifest, pointing at the field it is about. */
export interface Issue {
  /** Dotted path to the field, e.g. `services.web.ports[0]`; empty for the whole document. */
  path: string;
  /** What is wrong and, where we can tell, what to write instead. */
  message: string;
  /** 1-based line in the source text, when the field can be found there. */
  line?: number;
  /** 1-based column in the source text, when the field can be found there. */
  column?: number;
}

/** The outcome of reading a manifest: a canonical spec, or the errors that stop it. */
export type ParseResult<T> =
  | { ok: true; spec: T; warnings: Issue[] }
  | { ok: false; errors: Issue[]; warnings: Issue[] };

/** An issue whose path is still a list of segments, before it is placed in the source. */
export interface RawIssue {
  /** Segments of the path to the field. */
  segments: PathSegment[];
  /** What is wrong. */
  message: string;
}

// Keys that are not plain identifiers (dots, slashes, spaces) would make a dotted path
// ambiguous, so they are written in brackets the way a console user would read them.
const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Formats path segments as `services.web.ports[0]`, quoting keys that hold dots or spaces. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (plainKey.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out;
}

/** Quotes a user's value for a message, keeping it short enough to read. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (value === null || value === undefined) {
    text = 'null';
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    text = String(value);
  } else if (Array.isArray(value)) {
    text = 'a list';
  } else {
    text = 'a map';
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Names the kind of a YAML/JSON value the way a user would say it. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
