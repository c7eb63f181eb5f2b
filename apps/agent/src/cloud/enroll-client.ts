import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ENROLL_PATH, EnrollResponseSchema, type EnrollRequest, type EnrollResponse } from '@gantry/protocol';
import * as z from 'zod/mini';

/** The controller refused the token: unknown, already used, or expired. */
export class EnrollmentRefusedError extends Error {
  override readonly name = 'EnrollmentRefusedError';
}

/** The controller already has a gateway with the id asked for. */
export class DeviceIdTakenError extends Error {
  override readonly name = 'DeviceIdTakenError';
}

/** The controller refused the request itself (a label or name it does not accept). */
export class EnrollmentRequestError extends Error {
  override readonly name = 'EnrollmentRequestError';
}

/** The controller could not be reached, or answered in a way enrollment cannot use. */
export class ControllerUnavailableError extends Error {
  override readonly name = 'ControllerUnavailableError';
}

/** The controller's error body (`{ error, message }`), or its 400 (`{ error, issues }`). */
const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.optional(z.string()),
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

/** The controller's base URL, checked and without a trailing slash. */
export function normaliseControllerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`"${value}" is not a URL; give the controller's address, e.g. https://gantry.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`"${value}" is not an http(s) URL`);
  return url.href.replace(/\/+$/, '');
}

/**
 * Spends an enrollment token at the controller (`POST /api/v1/enroll`) and returns the
 * gateway's identity and MQTT credentials, validated against the protocol.
 */
export async function enrollAtController(controllerUrl: string, request: EnrollRequest, { timeoutMs = 15_000 } = {}): Promise<EnrollResponse> {
  const url = `${controllerUrl}${ENROLL_PATH}`;
  let response: { status: number; text: string };
  try {
    response = await postJson(new URL(url), JSON.stringify(request), timeoutMs);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new ControllerUnavailableError(`cannot reach the controller at ${controllerUrl} (${cause}); check the URL and the network, then try again`);
  }
  const { text } = response;
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    throw new ControllerUnavailableError(`${url} answered ${response.status} with something that is not JSON; is ${controllerUrl} a Gantry controller?`);
  }
  if (response.status === 201 || response.status === 200) {
    const parsed = EnrollResponseSchema.safeParse(body);
    if (!parsed.success) throw new ControllerUnavailableError(`the controller's answer to enrollment does not fit the protocol: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }
  const error = ErrorBodySchema.safeParse(body);
  const detail = error.success ? (error.data.message ?? error.data.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') ?? error.data.error) : `HTTP ${response.status}`;
  if (response.status === 401) throw new EnrollmentRefusedError(`the controller refused the enrollment token: ${detail}`);
  if (response.status === 409) throw new DeviceIdTakenError(`${detail}; choose another --device-id, or revoke the old gateway first`);
  if (response.status === 400) throw new EnrollmentRequestError(`the controller refused the enrollment request: ${detail}`);
  throw new ControllerUnavailableError(`the controller answered ${response.status} to enrollment: ${detail}`);
}

/** The most of an answer enrollment reads: an identity is a few hundred bytes. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * POSTs a JSON body and reads the whole answer. Through node:http rather than fetch: the bin
 * runs V8 in lite mode, which has no WebAssembly, and Node's fetch parses HTTP with a
 * WebAssembly build of llhttp.
 */
function postJson(url: URL, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(signal.aborted ? new Error(`no answer within ${timeoutMs / 1000} s`) : error);
    const req = send(url, { method: 'POST', signal, headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) response.destroy(new Error(`the answer is over ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.once('error', fail);
      response.once('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.once('error', fail);
    req.end(body);
  });
}
