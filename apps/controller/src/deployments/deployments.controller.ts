import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import type { Deployment } from './deployment.entity.js';
import { DeploymentProgress, emptyTotals } from './deployment-progress.js';
import { toDeploymentDetail, toDeploymentView, toTargetView } from './deployment.views.js';
import {
  DeploymentDetailSchema,
  DeploymentIdSchema,
  DeploymentPageSchema,
  formatDeploymentCursor,
  ListDeploymentsQuerySchema,
  ListTargetsQuerySchema,
  NewDeploymentSchema,
  PreviewQuerySchema,
  PreviewSchema,
  TargetPageSchema,
  type DeploymentDetail,
  type DeploymentPage,
  type ListDeploymentsQuery,
  type ListTargetsQuery,
  type NewDeployment,
  type Preview,
  type PreviewQuery,
  type TargetPage,
} from './deployments.schemas.js';
import { DeploymentsService, type DeploymentAction } from './deployments.service.js';

const idPipe = new ZodValidationPipe(DeploymentIdSchema);
const idParam = ApiParam({ name: 'id', description: 'The deployment id' });

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(
    @Inject(DeploymentsService) private readonly deployments: DeploymentsService,
    @Inject(DeploymentProgress) private readonly progress: DeploymentProgress,
  ) {}

  @Post()
  @ApiZodBody(NewDeploymentSchema)
  @ApiZodResponse(201, 'The deployment, its first wave admitted and published', DeploymentDetailSchema)
  @ApiZodResponse(400, 'The body is invalid (`issues` names the fields, e.g. the selector with the position of the error), or the release belongs to another app')
  @ApiZodResponse(404, 'The app or the release does not exist')
  async create(@Body(new ZodValidationPipe(NewDeploymentSchema)) body: NewDeployment): Promise<DeploymentDetail> {
    return this.detail(await this.deployments.create(body));
  }

  @Get()
  @ApiZodQuery(ListDeploymentsQuerySchema)
  @ApiZodResponse(200, 'Deployments, newest first, with totals per status; pass `nextCursor` as `cursor` for the next page', DeploymentPageSchema)
  async list(@Query(new ZodValidationPipe(ListDeploymentsQuerySchema)) query: ListDeploymentsQuery): Promise<DeploymentPage> {
    const page = await this.deployments.list(query);
    const totals = await this.progress.totalsOf(page.items.map((item) => item.id));
    return {
      items: page.items.map((item) => toDeploymentView(item, totals.get(item.id) ?? { totals: emptyTotals(), waves: [] })),
      nextCursor: page.next === null ? null : formatDeploymentCursor(page.next),
    };
  }

  // Declared before `:id` so that "preview" is not taken for an id.
  @Get('preview')
  @ApiZodQuery(PreviewQuerySchema)
  @ApiZodResponse(200, 'How many gateways the selector matches now (revoked ones excluded), and the first few ids', PreviewSchema)
  @ApiZodResponse(400, 'The selector cannot be parsed; the message says where')
  preview(@Query(new ZodValidationPipe(PreviewQuerySchema)) query: PreviewQuery): Promise<Preview> {
    return this.deployments.preview(query);
  }

  @Get(':id')
  @idParam
  @ApiZodResponse(200, 'The deployment with its gateways per status, in total and per wave', DeploymentDetailSchema)
  @ApiZodResponse(404, 'No deployment has this id')
  async get(@Param('id', idPipe) id: string): Promise<DeploymentDetail> {
    return this.detail(await this.deployments.get(id));
  }

  @Get(':id/targets')
  @idParam
  @ApiZodQuery(ListTargetsQuerySchema)
  @ApiZodResponse(200, 'Where each selected gateway is with the deployment, in gateway id order', TargetPageSchema)
  @ApiZodResponse(404, 'No deployment has this id')
  async targets(@Param('id', idPipe) id: string, @Query(new ZodValidationPipe(ListTargetsQuerySchema)) query: ListTargetsQuery): Promise<TargetPage> {
    const page = await this.deployments.listTargets(id, query);
    return { items: page.items.map(toTargetView), nextCursor: page.nextCursor };
  }

  @Post(':id/pause')
  @HttpCode(200)
  @idParam
  @ApiZodResponse(200, 'Paused: no new waves; gateways already admitted keep the release', DeploymentDetailSchema)
  @ApiZodResponse(404, 'No deployment has this id')
  @ApiZodResponse(409, 'The deployment is not rolling')
  pause(@Param('id', idPipe) id: string): Promise<DeploymentDetail> {
    return this.act(id, 'pause');
  }

  @Post(':id/resume')
  @HttpCode(200)
  @idParam
  @ApiZodResponse(200, 'Rolling again after a pause or a halt', DeploymentDetailSchema)
  @ApiZodResponse(404, 'No deployment has this id')
  @ApiZodResponse(409, 'The deployment is neither paused nor halted')
  resume(@Param('id', idPipe) id: string): Promise<DeploymentDetail> {
    return this.act(id, 'resume');
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @idParam
  @ApiZodResponse(200, 'Withdrawn: its gateways go back to what else wins for the app, or drop the app', DeploymentDetailSchema)
  @ApiZodResponse(404, 'No deployment has this id')
  @ApiZodResponse(409, 'The deployment is already rolled back')
  rollback(@Param('id', idPipe) id: string): Promise<DeploymentDetail> {
    return this.act(id, 'rollback');
  }

  @Delete(':id')
  @HttpCode(204)
  @idParam
  @ApiZodResponse(204, 'Deleted; gateways it reached fall back as after a rollback')
  @ApiZodResponse(404, 'No deployment has this id')
  async delete(@Param('id', idPipe) id: string): Promise<void> {
    await this.deployments.delete(id);
  }

  private async act(id: string, action: DeploymentAction): Promise<DeploymentDetail> {
    return this.detail(await this.deployments.act(id, action));
  }

  private async detail(deployment: Deployment): Promise<DeploymentDetail> {
    return toDeploymentDetail(deployment, await this.progress.totals(deployment.id));
  }
}
