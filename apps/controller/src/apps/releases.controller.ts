import { AppIdSchema } from '@gantry/protocol';
import { BadRequestException, Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import {
  CutReleaseSchema,
  DiffQuerySchema,
  InvalidManifestSchema,
  ListReleasesQuerySchema,
  NewReleaseSchema,
  ReleaseDiffSchema,
  ReleasePageSchema,
  ReleaseVersionSchema,
  ReleaseViewSchema,
  type ListReleasesQuery,
  type NewRelease,
  type ReleaseView,
} from './apps.schemas.js';
import { AppsService, type ReleaseDiff } from './apps.service.js';
import { toReleaseSummary, toReleaseView } from './apps.views.js';

const appIdPipe = new ZodValidationPipe(AppIdSchema);
const versionPipe = new ZodValidationPipe(ReleaseVersionSchema);

/** The Express response, typed only as far as it is used here. */
interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('apps')
@ApiParam({ name: 'id', description: 'The app id' })
@Controller('apps/:id/releases')
export class ReleasesController {
  constructor(@Inject(AppsService) private readonly apps: AppsService) {}

  @Post()
  @ApiZodBody(
    NewReleaseSchema,
    'The manifest text (YAML or JSON) and its format: `gantry` (the default; its `name` must be the app id) or `compose` (named after the app id whatever its `name:` says)',
  )
  @ApiZodResponse(201, 'The new release, with the warnings of reading it', CutReleaseSchema)
  @ApiZodResponse(200, 'The manifest equals the latest release: that release, `created: false`', CutReleaseSchema)
  @ApiZodResponse(400, 'The manifest cannot be released; `issues` give path, line and column. Nothing was created', InvalidManifestSchema)
  @ApiZodResponse(404, 'No app has this id')
  async cut(
    @Param('id', appIdPipe) appId: string,
    @Body(new ZodValidationPipe(NewReleaseSchema)) body: NewRelease,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<z.infer<typeof CutReleaseSchema>> {
    const outcome = await this.apps.cutRelease(appId, body);
    if (!outcome.ok) {
      const count = outcome.issues.length === 1 ? '1 problem' : `${outcome.issues.length} problems`;
      const body: z.infer<typeof InvalidManifestSchema> = {
        error: 'invalid-manifest',
        message: `the manifest has ${count}; no release was cut${outcome.hint === undefined ? '' : ` (${outcome.hint})`}`,
        issues: outcome.issues,
      };
      throw new BadRequestException(body);
    }
    response.status(outcome.isCreated ? HttpStatus.CREATED : HttpStatus.OK);
    return { ...toReleaseView(outcome.release), created: outcome.isCreated, warnings: outcome.warnings };
  }

  @Get()
  @ApiZodQuery(ListReleasesQuerySchema)
  @ApiZodResponse(200, 'Releases newest first; pass `nextCursor` as `cursor` for the next page', ReleasePageSchema)
  @ApiZodResponse(404, 'No app has this id')
  async list(
    @Param('id', appIdPipe) appId: string,
    @Query(new ZodValidationPipe(ListReleasesQuerySchema)) query: ListReleasesQuery,
  ): Promise<z.infer<typeof ReleasePageSchema>> {
    const page = await this.apps.listReleases(appId, query);
    return { items: page.items.map(toReleaseSummary), nextCursor: page.nextCursor };
  }

  @Get(':version')
  @ApiParam({ name: 'version', description: 'The release version (3 for release thermo@3)' })
  @ApiZodResponse(200, 'The release: canonical manifest, the source text and the content hash', ReleaseViewSchema)
  @ApiZodResponse(404, 'No such app or release')
  async get(@Param('id', appIdPipe) appId: string, @Param('version', versionPipe) version: number): Promise<ReleaseView> {
    return toReleaseView(await this.apps.getReleaseByVersion(appId, version));
  }

  @Get(':version/diff')
  @ApiParam({ name: 'version', description: 'The release the changes lead to' })
  @ApiZodQuery(DiffQuerySchema)
  @ApiZodResponse(200, 'What changed from release `against` to this one: per field, and as a unified diff of the canonical YAML', ReleaseDiffSchema)
  @ApiZodResponse(404, 'No such app or release')
  async diff(
    @Param('id', appIdPipe) appId: string,
    @Param('version', versionPipe) version: number,
    @Query(new ZodValidationPipe(DiffQuerySchema)) query: z.infer<typeof DiffQuerySchema>,
  ): Promise<ReleaseDiff> {
    return this.apps.diff(appId, version, query.against);
  }
}
