import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod/mini';

/** Largest request body the control API reads (a manifest). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** An error the control API answers with a status, a code and a message. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads and validates a JSON body. */
export async function readBody<S extends z.ZodMiniType>(request: IncomingMessage, schema: S): Promise<z.output<S>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ControlError(413, 'too-large', `the request is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new ControlError(400, 'not-json', 'the request body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ControlError(400, 'invalid-request', parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** Answers with a JSON document. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', date: httpDate() });
  response.end(JSON.stringify(body));
}

/** Starts a newline-delimited JSON answer; returns a writer of lines. */
export function startNdjson(response: ServerResponse): (line: unknown) => void {
  response.writeHead(200, { 'content-type': 'application/x-ndjson', date: httpDate() });
  return (line) => {
    if (!response.writableEnded) response.write(`${JSON.stringify(line)}\n`);
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The `Date` header (RFC 9110 §5.6.7: `Sun, 06 Nov 1994 08:49:37 GMT`), written here because
 * Node's own comes from `Date#toUTCString`, which on Node 20 loads ICU's time-zone data into
 * the daemon (see isoTimestamp in @gantry/protocol).
 */
export function httpDate(date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${WEEKDAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCFullYear()).padStart(4, '0')} ${time} GMT`;
}
