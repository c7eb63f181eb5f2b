import { AppIdSchema } from '@gantry/protocol';
import { BadRequestException, Body, Controller, Delete, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import {
  AppPageSchema,
  AppPatchSchema,
  AppViewSchema,
  DeleteAppQuerySchema,
  DeletedAppSchema,
  ListAppsQuerySchema,
  NewAppSchema,
  type AppPatch,
  type AppView,
  type DeletedApp,
  type ListAppsQuery,
  type NewApp,
} from './apps.schemas.js';
import { AppsService } from './apps.service.js';
import { toAppView } from './apps.views.js';

const appIdPipe = new ZodValidationPipe(AppIdSchema);

@ApiTags('apps')
@Controller('apps')
export class AppsController {
  constructor(@Inject(AppsService) private readonly apps: AppsService) {}

  @Post()
  @ApiZodBody(NewAppSchema)
  @ApiZodResponse(201, 'The new app, with no releases yet', AppViewSchema)
  @ApiZodResponse(400, 'The body is invalid; `issues` names the fields')
  @ApiZodResponse(409, 'An app with this id already exists')
  async create(@Body(new ZodValidationPipe(NewAppSchema)) body: NewApp): Promise<AppView> {
    return toAppView(await this.apps.create(body));
  }

  @Get()
  @ApiZodQuery(ListAppsQuerySchema)
  @ApiZodResponse(200, 'Apps in id order with their latest release; pass `nextCursor` as `cursor` for the next page', AppPageSchema)
  async list(@Query(new ZodValidationPipe(ListAppsQuerySchema)) query: ListAppsQuery): Promise<z.infer<typeof AppPageSchema>> {
    const page = await this.apps.list(query);
    return { items: page.items.map(toAppView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiParam({ name: 'id', description: 'The app id' })
  @ApiZodResponse(200, 'The app with its latest release and release count', AppViewSchema)
  @ApiZodResponse(404, 'No app has this id')
  async get(@Param('id', appIdPipe) id: string): Promise<AppView> {
    return toAppView(await this.apps.get(id));
  }

  @Patch(':id')
  @ApiParam({ name: 'id', description: 'The app id' })
  @ApiZodBody(AppPatchSchema)
  @ApiZodResponse(200, 'The updated app', AppViewSchema)
  @ApiZodResponse(400, 'The body is invalid; `issues` names the fields')
  @ApiZodResponse(404, 'No app has this id')
  async update(@Param('id', appIdPipe) id: string, @Body(new ZodValidationPipe(AppPatchSchema)) body: AppPatch): Promise<AppView> {
    return toAppView(await this.apps.update(id, body));
  }

  /** Deleting an app stops it on every gateway that runs it, so the caller must name it twice. */
  @Delete(':id')
  @ApiParam({ name: 'id', description: 'The app id' })
  @ApiZodQuery(DeleteAppQuerySchema)
  @ApiZodResponse(200, 'Deleted with its releases and deployments; gateways that ran it remove it', DeletedAppSchema)
  @ApiZodResponse(400, '`confirm` is missing or is not the app id')
  @ApiZodResponse(404, 'No app has this id')
  async delete(@Param('id', appIdPipe) id: string, @Query(new ZodValidationPipe(DeleteAppQuerySchema)) query: z.infer<typeof DeleteAppQuerySchema>): Promise<DeletedApp> {
    if (query.confirm !== id) {
      throw new BadRequestException({
        error: 'invalid-request',
        issues: [{ path: 'confirm', message: `must be the app id "${id}": deleting removes the app, its releases and deployments from every gateway` }],
      });
    }
    return this.apps.delete(id);
  }
}
