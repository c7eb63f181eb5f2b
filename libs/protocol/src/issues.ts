import type * as z from 'zod/mini';

/** One thing wrong with a message, and where: `body.apps.web.releaseId`, `body.events[3].seq`. */
export interface ProtocolIssue {
  readonly path: string;
  readonly message: string;
}

// A hostile payload can produce thousands of issues; the first few say enough.
const MAX_ISSUES = 20;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Writes a path as a reader expects: keys joined by dots, array indices and odd keys in brackets. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** Turns zod's issues into ours, at most {@link MAX_ISSUES} of them, prefixed with `prefix` if given. */
export function toProtocolIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ProtocolIssue[] {
  return issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}
