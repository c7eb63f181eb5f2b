import { ENROLL_PATH, EnrollResponseSchema, type EnrollRequest, type EnrollResponse } from '@gantry/protocol';

/** An HTTP call to the controller that did not give what was asked. */
export class ControllerApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ControllerApiError';
  }
}

/**
 * The few controller endpoints a simulated fleet needs: log in as an admin, mint one
 * enrollment token per gateway, and enroll with it, exactly as an installer and an agent
 * would.
 */
export class ControllerApi {
  private constructor(
    /** `http://host:port`, without the API prefix. */
    readonly origin: string,
    private readonly token: string,
  ) {}

  /** Logs in; `url` may be the controller's origin or its `/api/v1` base. */
  static async logIn(url: string, username: string, password: string): Promise<ControllerApi> {
    const origin = controllerOrigin(url);
    const body = await call(origin, '/api/v1/auth/login', { username, password }, undefined, `logging in as ${username}`);
    return new ControllerApi(origin, stringField(body, 'token', `logging in as ${username}`));
  }

  /** A one-time enrollment token, valid for `expiresInMinutes`, carrying these labels. */
  async createEnrollmentToken(labels: Record<string, string>, expiresInMinutes = 60): Promise<string> {
    const body = await call(this.origin, '/api/v1/enrollment-tokens', { labels, expiresInMinutes }, this.token, 'creating an enrollment token');
    return stringField(body, 'token', 'creating an enrollment token');
  }

  /** Enrolls one gateway with a token, as the agent does (no admin credentials). */
  async enroll(request: EnrollRequest): Promise<EnrollResponse> {
    const what = `enrolling ${request.deviceId ?? 'a gateway'}`;
    const body = await call(this.origin, ENROLL_PATH, request, undefined, what);
    const parsed = EnrollResponseSchema.safeParse(body);
    if (!parsed.success) throw new ControllerApiError(`${what}: the controller's answer is not an enrollment (${parsed.error.message})`, 200);
    return parsed.data;
  }
}

/** `http://host:port` of a controller URL given with or without `/api/v1`. */
export function controllerOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a controller URL; give one like http://127.0.0.1:8080`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`"${url}" is not an http(s) URL; give one like http://127.0.0.1:8080`);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}`;
}

async function call(origin: string, path: string, body: unknown, token: string | undefined, what: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`${origin}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch (error) {
    throw new ControllerApiError(`${what}: cannot reach the controller at ${origin} (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`, 0);
  }
  const text = await response.text();
  if (!response.ok) throw new ControllerApiError(`${what} failed with HTTP ${response.status}: ${text.slice(0, 500)}`, response.status);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ControllerApiError(`${what}: the controller answered with something that is not JSON: ${text.slice(0, 200)}`, response.status);
  }
}

function stringField(body: unknown, field: string, what: string): string {
  const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, field) : undefined;
  if (typeof value !== 'string') throw new ControllerApiError(`${what}: the controller's answer has no ${field}`, 200);
  return value;
}
