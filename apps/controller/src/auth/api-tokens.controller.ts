import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { toApiTokenView } from './api-token.view.js';
import { ApiTokensService } from './api-tokens.service.js';
import {
  ApiTokenListSchema,
  CreateApiTokenSchema,
  CreatedApiTokenSchema,
  type ApiTokenView,
  type CreateApiToken,
  type CreatedApiToken,
} from './auth.schemas.js';
import { CurrentPrincipal, type Principal } from './principal.js';

/** The caller's own API tokens. */
@ApiTags('auth')
@Controller('api-tokens')
export class ApiTokensController {
  constructor(@Inject(ApiTokensService) private readonly tokens: ApiTokensService) {}

  @Post()
  @ApiZodBody(CreateApiTokenSchema)
  @ApiZodResponse(201, 'The new token; `token` is shown only here, store it now', CreatedApiTokenSchema)
  @ApiZodResponse(400, 'The body is invalid; `issues` names the fields')
  async create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(CreateApiTokenSchema)) body: CreateApiToken): Promise<CreatedApiToken> {
    const { token, apiToken } = await this.tokens.create(principal.user.id, body);
    return { ...toApiTokenView(apiToken), token };
  }

  @Get()
  @ApiZodResponse(200, "The caller's tokens (never the tokens themselves), oldest first", ApiTokenListSchema)
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: ApiTokenView[] }> {
    return { items: (await this.tokens.list(principal.user.id)).map(toApiTokenView) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiZodResponse(204, 'Revoked: requests carrying the token are refused from now on')
  @ApiZodResponse(404, 'The caller has no token with this id')
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(z.uuid())) id: string): Promise<void> {
    await this.tokens.revoke(principal.user.id, id);
  }
}
