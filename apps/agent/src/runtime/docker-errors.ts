// What the Engine API's errors mean to an idempotent runtime. dockerode rejects with an
// Error carrying `statusCode` and, for non-streaming calls, the JSON body in `json`.

/** True when `error` is an Engine API answer with this HTTP status. */
export function hasStatus(error: unknown, statusCode: number): boolean {
  return typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === statusCode;
}

/** True for 404: the object is gone, which removals treat as done. */
export function isNotFound(error: unknown): boolean {
  return hasStatus(error, 404);
}

/**
 * Docker's own words for an error, without dockerode's `(HTTP code 404) unexpected - `
 * prefix: the body's `message` when it was JSON, else the text after the prefix.
 */
export function dockerMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'json' in error) {
    const body = error.json;
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message;
  }
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^\(HTTP code \d+\)[^-]*- /, '').trim();
}

/** Thrown when asked to act on a container, network or volume that Gantry did not create. */
export class NotManagedError extends Error {
  constructor(
    readonly kind: 'container' | 'network' | 'volume',
    readonly ref: string,
    what: string,
  ) {
    super(`${kind} ${ref} is not managed by Gantry (it has no io.gantry.managed label); refusing to ${what} it`);
    this.name = 'NotManagedError';
  }
}

/** Thrown when an image cannot be pulled; says which image, from where, and what to check. */
export class PullError extends Error {
  constructor(
    readonly image: string,
    readonly registry: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PullError';
  }
}
