import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EnrollRequestSchema, EnrollResponseSchema, type EnrollRequest, type EnrollResponse } from '@gantry/protocol';
import { Public } from '../auth/public.js';
import { CONTROLLER_CONFIG } from '../config.module.js';
import type { ControllerConfig } from '../config.js';
import { Origin } from '../http/origin.decorator.js';
import { ApiZodBody, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { MqttGateway } from '../mqtt/mqtt-gateway.js';
import { EnrollmentService } from './enrollment.service.js';
import { brokerUrls, type RequestOrigin } from './public-urls.js';

/** The one route a gateway calls over HTTP; it proves itself with its enrollment token, not a login. */
@ApiTags('enrollment')
@Controller('enroll')
export class EnrollController {
  constructor(
    @Inject(EnrollmentService) private readonly enrollment: EnrollmentService,
    @Inject(MqttGateway) private readonly mqtt: MqttGateway,
    @Inject(CONTROLLER_CONFIG) private readonly config: ControllerConfig,
  ) {}

  @Public()
  @Post()
  @ApiZodBody(EnrollRequestSchema)
  @ApiZodResponse(201, 'The gateway is enrolled: its id and MQTT credentials (the password is shown only now)', EnrollResponseSchema)
  @ApiZodResponse(401, 'The token is unknown, used or expired')
  @ApiZodResponse(409, 'A gateway with that id is already enrolled')
  async enroll(@Body(new ZodValidationPipe(EnrollRequestSchema)) body: EnrollRequest, @Origin() origin: RequestOrigin): Promise<EnrollResponse> {
    const { device, secret } = await this.enrollment.enroll(body);
    return {
      deviceId: device.id,
      name: device.name,
      labels: device.labels,
      mqtt: { urls: brokerUrls(this.config.mqttPublicUrls, this.mqtt.describe(), origin), username: device.id, password: secret },
    };
  }
}
