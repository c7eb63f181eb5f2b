import type * as z from 'zod/mini';
import type { PathSegment, RawIssue } from './issues.js';
import { showValue } from './issues.js';

const expectedWords: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    const members: [string, unknown][] = Object.entries(node);
    node = members.find(([k]) => k === String(key))?.[1];
  }
  return node;
}

function segments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((key) => (typeof key === 'number' ? key : String(key)));
}

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedWords[issue.expected] ?? issue.expected;
      if (value === undefined) return `is required (${expected})`;
      if (value === null) return `is empty; expected ${expected}`;
      return `${showValue(value)} is not ${expected}`;
    }
    case 'invalid_value':
      return `${showValue(value)} is not one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        const options = issue.options.map((v: unknown) => String(v)).join(', ');
        return value === undefined ? `is required (one of ${options})` : `${showValue(value)} is not one of ${options}`;
      }
      return issue.message;
    case 'invalid_key':
      return `key ${showValue(issue.path[issue.path.length - 1])}: ${issue.issues[0]?.message ?? 'is not allowed'}`;
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
      return issue.message;
    default:
      return issue.message;
  }
}

/** Turns zod's issues into path-and-message issues worded for someone editing a manifest. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ segments: [...segments(issue.path), key], message: `unknown key '${key}'` });
      }
    } else {
      out.push({ segments: segments(issue.path), message: describe(issue, input) });
    }
  }
  return out;
}
