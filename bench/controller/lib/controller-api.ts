// The few REST calls the benchmarks make, with the admin's bearer token; answers are parsed
// with zod at this boundary.
import { z } from 'zod';

/** A request that did not get the status it needed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TokenAnswer = z.object({ token: z.string() });

/** The controller's REST API (`/api/v1`), logged in. */
export class ControllerApi {
  private constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** `POST /auth/login` as admin. */
  static async login(baseUrl: string, password: string): Promise<ControllerApi> {
    const { token } = await send(baseUrl, 'POST', '/auth/login', undefined, { username: 'admin', password }, TokenAnswer);
    return new ControllerApi(baseUrl, token);
  }

  /** `POST <path>` with a JSON body; resolves with the answer (any 2xx) parsed by `schema`. */
  post<T>(path: string, body: unknown, schema: z.core.$ZodType<T>, options: { isPublic?: boolean } = {}): Promise<T> {
    return send(this.baseUrl, 'POST', path, options.isPublic === true ? undefined : this.token, body, schema);
  }

  get<T>(path: string, schema: z.core.$ZodType<T>): Promise<T> {
    return send(this.baseUrl, 'GET', path, this.token, undefined, schema);
  }
}

async function send<T>(baseUrl: string, method: string, path: string, token: string | undefined, body: unknown, schema: z.core.$ZodType<T>): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(600_000),
  });
  const text = await response.text();
  if (!response.ok) throw new ApiError(response.status, `${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  const parsed = z.safeParse(schema, text === '' ? undefined : JSON.parse(text));
  if (!parsed.success) throw new Error(`${method} ${path} answered something unexpected: ${parsed.error.message}: ${text.slice(0, 300)}`);
  return parsed.data;
}
