import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, DomainErrorCode } from '../domain-error.js';
import { ApiZodBody, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { LoginResponseSchema, LoginSchema, MeResponseSchema, type Login, type LoginResponse, type MeResponse } from './auth.schemas.js';
import { CurrentPrincipal, type AuthRequest, type Principal } from './principal.js';
import { Public } from './public.js';
import { SESSION_COOKIE, sessionCookieOptions, type CookieResponse } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';
import { toUserView } from './user.view.js';
import { UsersService } from './users.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  // The document asks for a bearer token everywhere; this is where one is obtained.
  @ApiOperation({ summary: 'Log in with a username and password', security: [] })
  @ApiZodBody(LoginSchema)
  @ApiZodResponse(200, 'Logged in: a session token (also set as the HttpOnly cookie gantry_session), valid for 12 hours', LoginResponseSchema)
  @ApiZodResponse(400, 'The body is not {username, password}; `issues` names the fields')
  @ApiZodResponse(401, 'Wrong username or password')
  async login(
    @Body(new ZodValidationPipe(LoginSchema)) body: Login,
    @Req() request: AuthRequest,
    @Res({ passthrough: true }) response: CookieResponse,
  ): Promise<LoginResponse> {
    const { token, session, user } = await this.sessions.login(body);
    response.cookie(SESSION_COOKIE, token, sessionCookieOptions(request.secure, session.expiresAt));
    return { token, expiresAt: session.expiresAt.toISOString(), user: toUserView(user) };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session this request carries' })
  @ApiZodResponse(204, 'The session is ended on every replica; its token and cookie no longer work')
  @ApiZodResponse(400, 'The request used an API token, not a session')
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: AuthRequest, @Res({ passthrough: true }) response: CookieResponse): Promise<void> {
    if (principal.kind !== 'session') {
      throw new DomainError(DomainErrorCode.NotASession, 'this request carried an API token, which logout does not end; revoke it with DELETE /api/v1/api-tokens/<id>');
    }
    await this.sessions.revoke(principal.sessionId);
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(request.secure));
  }

  @Get('me')
  @ApiOperation({ summary: 'Who this request acts for' })
  @ApiZodResponse(200, 'The user this request acts for, and the credential it carried', MeResponseSchema)
  async me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    const user = await this.users.get(principal.user.id);
    return { user: toUserView(user), via: principal.kind, expiresAt: principal.expiresAt?.toISOString() ?? null };
  }
}
