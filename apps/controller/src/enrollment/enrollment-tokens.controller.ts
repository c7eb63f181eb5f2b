import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CONTROLLER_CONFIG } from '../config.module.js';
import type { ControllerConfig } from '../config.js';
import { Origin } from '../http/origin.decorator.js';
import { ApiZodBody, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import {
  CreateEnrollmentTokenSchema,
  CreatedEnrollmentTokenSchema,
  EnrollmentTokenViewSchema,
  type CreateEnrollmentToken,
  type CreatedEnrollmentToken,
  type EnrollmentTokenView,
} from './enrollment.schemas.js';
import { EnrollmentService, toEnrollmentTokenView } from './enrollment.service.js';
import { controllerUrl, type RequestOrigin } from './public-urls.js';

@ApiTags('enrollment')
@Controller('enrollment-tokens')
export class EnrollmentTokensController {
  constructor(
    @Inject(EnrollmentService) private readonly enrollment: EnrollmentService,
    @Inject(CONTROLLER_CONFIG) private readonly config: ControllerConfig,
  ) {}

  /** Creates a one-time token and the exact command to run on the gateway. */
  @Post()
  @ApiZodBody(CreateEnrollmentTokenSchema)
  @ApiZodResponse(201, 'The token (shown only now) and the enroll command', CreatedEnrollmentTokenSchema)
  async create(@Body(new ZodValidationPipe(CreateEnrollmentTokenSchema)) body: CreateEnrollmentToken, @Origin() origin: RequestOrigin): Promise<CreatedEnrollmentToken> {
    const { row, token } = await this.enrollment.createToken(body);
    const command = `gantry-agent enroll --controller ${controllerUrl(this.config.publicUrl, origin)} --token ${token}`;
    return { ...toEnrollmentTokenView(row), token, command };
  }

  @Get()
  @ApiZodResponse(200, 'Every token, newest first, without the token itself', z.object({ items: z.array(EnrollmentTokenViewSchema) }))
  async list(): Promise<{ items: EnrollmentTokenView[] }> {
    const now = new Date();
    return { items: (await this.enrollment.listTokens()).map((row) => toEnrollmentTokenView(row, now)) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiZodResponse(204, 'The token can no longer be used')
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.enrollment.deleteToken(id);
  }
}
