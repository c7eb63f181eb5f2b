import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnrollController } from './enroll.controller.js';
import { EnrollmentToken } from './enrollment-token.entity.js';
import { EnrollmentTokensController } from './enrollment-tokens.controller.js';
import { EnrollmentService } from './enrollment.service.js';

/** Enrollment tokens and the enrollment of gateways. */
@Module({
  imports: [TypeOrmModule.forFeature([EnrollmentToken])],
  controllers: [EnrollmentTokensController, EnrollController],
  providers: [EnrollmentService],
})
export class EnrollmentModule {}
