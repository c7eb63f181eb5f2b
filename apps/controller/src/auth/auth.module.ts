import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminBootstrap } from './admin-bootstrap.js';
import { ApiToken } from './api-token.entity.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

/** Users, sessions and API tokens, and the guard that makes every route not `@Public()` require one. */
@Module({
  imports: [TypeOrmModule.forFeature([User, Session, ApiToken])],
  controllers: [AuthController, ApiTokensController],
  providers: [UsersService, SessionsService, ApiTokensService, AdminBootstrap, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
