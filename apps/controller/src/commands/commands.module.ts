import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module.js';
import { CommandsController } from './commands.controller.js';
import { CommandsService } from './commands.service.js';

/** Commands to gateways over REST: logs, restart, resync, diagnostics. */
@Module({ imports: [DevicesModule], controllers: [CommandsController], providers: [CommandsService] })
export class CommandsModule {}
