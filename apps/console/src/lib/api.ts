/*
 * The controller's REST API as the browser calls it (same origin, through the console's
 * /api proxy, authenticated by the session cookie). Every failure becomes an ApiError that
 * keeps the controller's field issues, so forms can show them where they belong.
 */

import { mutate } from 'swr';

export const API_BASE = '/api/v1';

/** One field the controller refused: `path` as the controller names it (e.g. `body.labels.site`). */
export interface FieldIssue {
  path: string;
  message: string;
  /** Where in a submitted document (a manifest) the issue is, when the controller knows. */
  line?: number;
  column?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The first issue whose path ends with the given field name, for showing beside that field. */
  issueFor(field: string): string | undefined {
    return this.issues.find((issue) => issue.path === field || issue.path.endsWith(`.${field}`) || issue.path.startsWith(`${field}.`))?.message;
  }
}

/** Fired when the session is gone, so the shell can send the user to log in and back. */
export const SESSION_EXPIRED_EVENT = 'gantry:session-expired';

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  const response = await fetch(`${API_BASE}${path}`, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
  if (response.ok && method !== 'GET') invalidateAfterWrite(path);
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = toApiError(response.status, payload);
    if (response.status === 401 && !path.startsWith('/auth/login') && typeof window !== 'undefined') {
      window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT));
    }
    throw error;
  }
  return payload as T;
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (typeof payload === 'object' && payload !== null ? payload : {}) as {
    error?: unknown;
    message?: unknown;
    issues?: unknown;
  };
  const code = typeof body.error === 'string' ? body.error : `http-${status}`;
  const issues = Array.isArray(body.issues)
    ? body.issues.filter((issue): issue is FieldIssue => typeof issue === 'object' && issue !== null && 'path' in issue && 'message' in issue).map((issue) => ({
          path: String(issue.path),
          message: String(issue.message),
          ...(typeof issue.line === 'number' ? { line: issue.line } : {}),
          ...(typeof issue.column === 'number' ? { column: issue.column } : {}),
        }))
    : [];
  const message =
    typeof body.message === 'string'
      ? body.message
      : issues.length > 0
        ? issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
        : `the controller answered ${status}`;
  return new ApiError(status, code, message, issues);
}

/** Builds a query string from defined values; arrays repeat the key. */
export function query(params: Record<string, string | number | boolean | readonly string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) search.append(key, item);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * After a write, every cached read of the same resource family (`/apps…` after a release
 * is cut) is fetched again, including by pages mounted later: otherwise a page opened
 * right after the write could be served the copy from before it. Commands change nothing
 * the console reads back.
 */
function invalidateAfterWrite(path: string): void {
  if (/^\/devices\/[^/]+\/commands/.test(path)) return;
  const family = `/${path.split(/[/?]/)[1] ?? ''}`;
  void mutate((key) => typeof key === 'string' && (key === family || key.startsWith(`${family}/`) || key.startsWith(`${family}?`)));
}
