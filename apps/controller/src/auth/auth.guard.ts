import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTokensService, API_TOKEN_PREFIX } from './api-tokens.service.js';
import type { AuthRequest } from './principal.js';
import { IS_PUBLIC } from './public.js';
import { readSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';

const HOW_TO_LOG_IN =
  'log in with POST /api/v1/auth/login {"username","password"} and send the returned token as "Authorization: Bearer <token>" (browsers get a cookie), or use an API token (gty_...)';

function unauthenticated(problem: string): UnauthorizedException {
  return new UnauthorizedException({ error: 'unauthenticated', message: `${problem}; ${HOW_TO_LOG_IN}` });
}

type Credential = { token: string } | { problem: string };

/** A bearer token from the Authorization header, else the session cookie. */
function readCredential(request: AuthRequest): Credential {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] === undefined ? { problem: 'the Authorization header must be "Bearer <token>"' } : { token: match[1] };
  }
  const cookie = readSessionCookie(request.headers);
  return cookie === undefined ? { problem: 'this route needs credentials and the request carried none' } : { token: cookie };
}

/**
 * Guards every route of the app (it is the APP_GUARD): a request passes with a live session
 * or API token, and then carries its `Principal`; only `@Public()` routes pass without.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(ApiTokensService) private readonly apiTokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const credential = readCredential(request);
    if ('problem' in credential) throw unauthenticated(credential.problem);
    const principal = credential.token.startsWith(API_TOKEN_PREFIX) ? await this.apiTokens.resolve(credential.token) : await this.sessions.resolve(credential.token);
    if (principal === null) throw unauthenticated('the session or API token is unknown, expired or revoked');
    request.principal = principal;
    return true;
  }
}
