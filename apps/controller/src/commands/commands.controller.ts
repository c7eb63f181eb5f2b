import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandResultSchema, DeviceIdSchema, type CommandResult } from '@gantry/protocol';
import { ApiZodBody, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { CommandRequestSchema, DEFAULT_COMMAND_TIMEOUT_MS, type CommandRequest } from './command-request.schema.js';
import { CommandsService } from './commands.service.js';

@ApiTags('commands')
@Controller('devices/:id/commands')
export class CommandsController {
  constructor(@Inject(CommandsService) private readonly commands: CommandsService) {}

  /** Runs a command on a connected gateway and answers with what the gateway said. */
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiZodBody(CommandRequestSchema, `A command: logs (app, service, tail, since?), restart (app, service), resync or diagnostics; timeoutMs defaults to ${DEFAULT_COMMAND_TIMEOUT_MS}`)
  @ApiZodResponse(200, "The gateway's answer: {status:'ok', result} or {status:'error', error:{code, message}}", CommandResultSchema)
  @ApiZodResponse(400, 'The body is not a valid command; issues name the fields')
  @ApiZodResponse(404, 'No such gateway')
  @ApiZodResponse(409, 'The gateway is offline or revoked')
  @ApiZodResponse(504, 'The gateway did not answer in time')
  async send(
    @Param('id', new ZodValidationPipe(DeviceIdSchema)) id: string,
    @Body(new ZodValidationPipe(CommandRequestSchema)) body: CommandRequest,
  ): Promise<CommandResult> {
    return this.commands.send(id, body);
  }
}
