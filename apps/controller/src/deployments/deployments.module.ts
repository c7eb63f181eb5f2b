import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppsModule } from '../apps/apps.module.js';
import { DesiredStateModule } from '../desired-state/desired-state.module.js';
import { Device } from '../devices/device.entity.js';
import { DeploymentTarget } from './deployment-target.entity.js';
import { Deployment } from './deployment.entity.js';
import { DeploymentProgress } from './deployment-progress.js';
import { DeploymentsController } from './deployments.controller.js';
import { DeploymentsService } from './deployments.service.js';
import { RolloutEngine } from './rollout-engine.js';
import { TargetTracker } from './target-tracker.js';

/** Deployments, their rollouts and the REST API over both. */
@Module({
  imports: [TypeOrmModule.forFeature([Deployment, DeploymentTarget, Device]), AppsModule, DesiredStateModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, RolloutEngine, DeploymentProgress, TargetTracker],
  exports: [DeploymentsService, TargetTracker],
})
export class DeploymentsModule {}
