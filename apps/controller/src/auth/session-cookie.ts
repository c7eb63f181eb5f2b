import type { IncomingHttpHeaders } from 'node:http';

/** The cookie that carries a browser's session token, so the console needs no token handling. */
export const SESSION_COOKIE = 'gantry_session';

/** What the auth routes need of an Express response. */
export interface CookieResponse {
  cookie(name: string, value: string, options: CookieOptions): unknown;
  clearCookie(name: string, options: CookieOptions): unknown;
}

interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'lax';
  secure: boolean;
  path: string;
  expires?: Date;
}

/**
 * HttpOnly keeps the token from page scripts; SameSite=Lax keeps other sites' pages from
 * sending it with their POSTs, which is the CSRF defence for cookie-authenticated calls.
 */
export function sessionCookieOptions(isSecure: boolean, expires?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: isSecure, path: '/', ...(expires === undefined ? {} : { expires }) };
}

/**
 * The session token from the Cookie header. The controller sets this cookie itself to a
 * base64url token, so the value needs no unquoting or decoding.
 */
export function readSessionCookie(headers: IncomingHttpHeaders): string | undefined {
  const prefix = `${SESSION_COOKIE}=`;
  const pair = headers.cookie
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(prefix));
  const value = pair?.slice(prefix.length);
  return value === undefined || value === '' ? undefined : value;
}
