import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HttpMetricsInterceptor } from './http-metrics.interceptor.js';
import { Metrics } from './metrics.js';
import { MetricsController } from './metrics.controller.js';

@Global()
@Module({ providers: [Metrics, { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor }], controllers: [MetricsController], exports: [Metrics] })
export class MetricsModule {}
