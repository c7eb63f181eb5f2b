import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';

/** The user a request acts for: who they are, nothing secret. */
export interface AuthUser {
  id: string;
  username: string;
}

/** Who made a request, and with which credential. */
export type Principal =
  | { kind: 'session'; user: AuthUser; sessionId: string; expiresAt: Date }
  | { kind: 'api-token'; user: AuthUser; tokenId: string; expiresAt: Date | null };

/** The parts of an Express request the auth code reads and writes. */
export interface AuthRequest {
  headers: IncomingHttpHeaders;
  /** True over HTTPS (also behind a proxy Express trusts). */
  secure: boolean;
  /** Set by the auth guard on every route that is not `@Public()`. */
  principal?: Principal;
}

/** The principal the auth guard put on the request; only for routes that are not `@Public()`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const { principal } = context.switchToHttp().getRequest<AuthRequest>();
  if (principal === undefined) throw new Error('@CurrentPrincipal() used on a route the auth guard does not cover (is it @Public()?)');
  return principal;
});
