// The CLI's side of the daemon's control API (contract.ts): HTTP over the unix socket,
// every answer checked against the contract's schemas before anyone reads it.
import { request, type IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type * as z from 'zod/mini';
import {
  ApplyLineSchema,
  ErrorResponseSchema,
  LogLineSchema,
  PsResponseSchema,
  RollbackResponseSchema,
  StatusResponseSchema,
  type ApplyLine,
  type ApplyRequest,
  type PsResponse,
  type StatusResponse,
} from './contract.js';

/** `POST /v1/rollback` answer. */
export type RollbackResponse = z.infer<typeof RollbackResponseSchema>;
/** One line of a service's output from `GET /v1/logs`. */
export type ServiceLogLine = z.infer<typeof LogLineSchema>;

/** What `logs` asks for. */
export interface LogsQuery {
  app: string;
  service: string;
  /** Lines from the end to start with; the agent's default when absent. */
  tail?: number;
  /** Keep the stream open for new output. */
  follow?: boolean;
}

/** Why the socket could not be reached. */
export type UnavailableReason = 'missing' | 'refused' | 'permission' | 'lost';

/** No daemon answers on the control socket. */
export class AgentUnavailableError extends Error {
  override readonly name = 'AgentUnavailableError';

  constructor(
    readonly socketPath: string,
    readonly reason: UnavailableReason,
    options?: ErrorOptions,
  ) {
    super(unavailableMessage(socketPath, reason), options);
  }
}

function unavailableMessage(socketPath: string, reason: UnavailableReason): string {
  switch (reason) {
    case 'missing':
      return `the Gantry agent is not running (no socket at ${socketPath}): start it with \`gantry-agent run\``;
    case 'refused':
      // A socket file left behind by an agent that crashed: nothing listens on it.
      return `the Gantry agent is not running (nothing listens on ${socketPath}): start it with \`gantry-agent run\``;
    case 'permission':
      return `cannot reach the Gantry agent at ${socketPath}: permission denied; run gantry-agent as root (the socket is owner-only)`;
    case 'lost':
      return `the Gantry agent closed the connection before its answer ended (did it stop or restart?); see its log, then \`gantry-agent status\``;
  }
}

/** The daemon answered with an error object (`{error, message}`, non-2xx status). */
export class ControlApiError extends Error {
  override readonly name = 'ControlApiError';

  constructor(
    /** HTTP status. */
    readonly status: number,
    /** The daemon's error code, for scripts. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The daemon answered something this CLI's contract does not describe (a version mismatch or a bug). */
export class ControlProtocolError extends Error {
  override readonly name = 'ControlProtocolError';
}

/** Options for {@link ControlClient}. */
export interface ControlClientOptions {
  /** How long a request that is not a stream may take; streams have no deadline. */
  timeoutMs?: number;
}

/** A client for the daemon's control API on `socketPath`. */
export class ControlClient {
  private readonly timeoutMs: number;

  constructor(
    readonly socketPath: string,
    options: ControlClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** `GET /v1/status`. */
  async status(): Promise<StatusResponse> {
    return this.json('GET', '/v1/status', undefined, StatusResponseSchema);
  }

  /** `GET /v1/ps`. */
  async ps(): Promise<PsResponse> {
    return this.json('GET', '/v1/ps', undefined, PsResponseSchema);
  }

  /** `POST /v1/rollback`: rolls `app` (or every app) back to its last good release. */
  async rollback(app?: string): Promise<RollbackResponse> {
    return this.json('POST', '/v1/rollback', app === undefined ? {} : { app }, RollbackResponseSchema);
  }

  /**
   * `POST /v1/apply`: the answer's lines as they arrive. Stopping early (break) closes the
   * connection; the contract does not say whether the daemon then finishes the apply.
   */
  async *apply(body: ApplyRequest, signal?: AbortSignal): AsyncGenerator<ApplyLine> {
    const response = await this.send('POST', '/v1/apply', body, signal, false);
    yield* this.lines(response, 'POST /v1/apply', ApplyLineSchema);
  }

  /** `GET /v1/logs`: lines until the output ends (or forever with `follow`, until `signal` aborts). */
  async *logs(query: LogsQuery, signal?: AbortSignal): AsyncGenerator<ServiceLogLine> {
    const params = new URLSearchParams({ app: query.app, service: query.service });
    if (query.tail !== undefined) params.set('tail', String(query.tail));
    if (query.follow === true) params.set('follow', '1');
    const response = await this.send('GET', `/v1/logs?${params.toString()}`, undefined, signal, false);
    yield* this.lines(response, 'GET /v1/logs', LogLineSchema);
  }

  private async json<T>(method: string, path: string, body: unknown, schema: z.ZodMiniType<T>): Promise<T> {
    const response = await this.send(method, path, body, undefined, true);
    const what = `${method} ${path}`;
    return parseAnswer(await readBody(response), schema, what);
  }

  /** Sends a request; resolves with a 2xx response, rejects with the daemon's error otherwise. */
  private async send(method: string, path: string, body: unknown, signal: AbortSignal | undefined, hasDeadline: boolean): Promise<IncomingMessage> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({
        socketPath: this.socketPath,
        path,
        method,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        ...(signal ? { signal } : {}),
      });
      if (hasDeadline) {
        req.setTimeout(this.timeoutMs, () => {
          req.destroy(new Error(`the Gantry agent did not answer ${method} ${path} within ${this.timeoutMs / 1000} s; is it stuck? see its log`));
        });
      }
      req.once('response', resolve);
      req.once('error', (error) => reject(this.connectError(error)));
      req.end(payload);
    });
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return response;
    const text = await readBody(response);
    const parsed = ErrorResponseSchema.safeParse(safeJson(text));
    if (parsed.success) throw new ControlApiError(status, parsed.data.error, parsed.data.message);
    throw new ControlProtocolError(`the Gantry agent answered ${method} ${path} with status ${status} and no error message: ${text.slice(0, 200)}`);
  }

  private async *lines<T>(response: IncomingMessage, what: string, schema: z.ZodMiniType<T>): AsyncGenerator<T> {
    const decoder = new StringDecoder('utf8');
    let buffer = '';
    try {
      for await (const chunk of this.lostAs(response)) {
        buffer += typeof chunk === 'string' ? chunk : decoder.write(chunk);
        let end = buffer.indexOf('\n');
        while (end >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 1);
          if (line.trim() !== '') yield parseAnswer(line, schema, what);
          end = buffer.indexOf('\n');
        }
      }
      buffer += decoder.end();
      if (buffer.trim() !== '') yield parseAnswer(buffer, schema, what);
    } finally {
      // Also runs when the caller stops early: closing the socket tells the daemon to stop sending.
      response.destroy();
    }
  }

  /** The response's chunks; a connection that breaks mid-answer becomes {@link AgentUnavailableError} `lost`. */
  private async *lostAs(response: IncomingMessage): AsyncGenerator<Buffer | string> {
    try {
      for await (const chunk of response) yield typeof chunk === 'string' ? chunk : Buffer.from(chunk);
    } catch (error) {
      // Node reports a peer that went away mid-body as ECONNRESET ("aborted").
      if (error instanceof Error && 'code' in error && error.code === 'ECONNRESET') throw new AgentUnavailableError(this.socketPath, 'lost', { cause: error });
      throw error;
    }
  }

  private connectError(error: Error): Error {
    const code = 'code' in error ? error.code : undefined;
    if (code === 'ENOENT') return new AgentUnavailableError(this.socketPath, 'missing', { cause: error });
    if (code === 'ECONNREFUSED') return new AgentUnavailableError(this.socketPath, 'refused', { cause: error });
    if (code === 'EACCES' || code === 'EPERM') return new AgentUnavailableError(this.socketPath, 'permission', { cause: error });
    return error;
  }
}

async function readBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseAnswer<T>(text: string, schema: z.ZodMiniType<T>, what: string): T {
  const parsed = schema.safeParse(safeJson(text));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
  throw new ControlProtocolError(
    `the Gantry agent's answer to ${what} does not match this CLI's contract (${issues.join('; ')}); are gantry-agent and the running agent the same version?`,
  );
}
