import type { PathSegment, RawIssue } from '../issues.js';
import { formatPath, kindOf, showValue } from '../issues.js';
import { entriesOf, isRecord } from '../records.js';

/**
 * What an import collects while it walks a compose file: errors and warnings at compose
 * paths, and which compose path each canonical field came from, so that a problem the
 * final schema check finds is reported where the user wrote it.
 */
export class ImportContext {
  /** Problems that stop the import. */
  readonly errors: RawIssue[] = [];
  /** Things the import dropped or changed, which the user should know about. */
  readonly warnings: RawIssue[] = [];
  private readonly origins = new Map<string, PathSegment[]>();

  /** Records an error at a compose path. */
  error(at: readonly PathSegment[], message: string): void {
    this.errors.push({ segments: [...at], message });
  }

  /** Records a warning at a compose path. */
  warn(at: readonly PathSegment[], message: string): void {
    this.warnings.push({ segments: [...at], message });
  }

  /** Remembers that the canonical field at `canonical` was read from `compose`. */
  trace(canonical: readonly PathSegment[], compose: readonly PathSegment[]): void {
    this.origins.set(formatPath(canonical), [...compose]);
  }

  /** Maps a canonical path to the compose path it came from (longest traced prefix wins). */
  origin(canonical: readonly PathSegment[]): PathSegment[] {
    for (let length = canonical.length; length > 0; length -= 1) {
      const found = this.origins.get(formatPath(canonical.slice(0, length)));
      if (found) return [...found, ...canonical.slice(length)];
    }
    return [...canonical];
  }

  /** True if an error was already recorded at this path or above it. */
  hasErrorAt(at: readonly PathSegment[]): boolean {
    // An error about the whole document says nothing about any one field.
    return this.errors.some(
      (e) =>
        (e.segments.length > 0 || at.length === 0) &&
        e.segments.length <= at.length &&
        e.segments.every((segment, i) => segment === at[i]),
    );
  }

  /** Reads text; YAML numbers and booleans are accepted as their text, as compose does. */
  text(value: unknown, at: readonly PathSegment[], what = 'a string'): string | undefined {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.error(at, `expected ${what}, got ${kindOf(value)}`);
    return undefined;
  }

  /** Reads a boolean. */
  bool(value: unknown, at: readonly PathSegment[]): boolean | undefined {
    if (typeof value === 'boolean') return value;
    this.error(at, `${showValue(value)} is not true or false`);
    return undefined;
  }

  /** Reads a whole number (also written as a numeric string). */
  integer(value: unknown, at: readonly PathSegment[], what = 'a whole number'): number | undefined {
    const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
    this.error(at, `${showValue(value)} is not ${what}`);
    return undefined;
  }

  /** Reads a map, or records an error and returns undefined. */
  map(value: unknown, at: readonly PathSegment[], what = 'a map'): Record<string, unknown> | undefined {
    if (isRecord(value)) return value;
    this.error(at, `expected ${what}, got ${kindOf(value)}`);
    return undefined;
  }

  /** Reads a list, or records an error and returns undefined. */
  list(value: unknown, at: readonly PathSegment[], what = 'a list'): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.error(at, `expected ${what}, got ${kindOf(value)}`);
    return undefined;
  }

  /** Reads a list of strings (a single string counts as a list of one, as compose allows). */
  strings(value: unknown, at: readonly PathSegment[]): string[] | undefined {
    const items = typeof value === 'string' ? [value] : this.list(value, at);
    if (!items) return undefined;
    const out: string[] = [];
    items.forEach((item, index) => {
      const text = this.text(item, [...at, index]);
      if (text !== undefined) out.push(text);
    });
    return out;
  }

  /**
   * Warns about every key of `map` not in `known`, quietly skipping `x-` extensions.
   * `explain` gives a specific reason for keys Gantry knows but does not support;
   * `otherwise` is said of the rest.
   */
  checkKeys(
    map: Record<string, unknown>,
    at: readonly PathSegment[],
    known: ReadonlySet<string>,
    explain: Readonly<Record<string, string>> = {},
    otherwise = 'not supported by Gantry; ignored',
  ): void {
    for (const [key] of entriesOf(map)) {
      if (known.has(key) || key.startsWith('x-')) continue;
      this.warn([...at, key], explain[key] ?? otherwise);
    }
  }
}
