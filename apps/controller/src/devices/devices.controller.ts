import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { DeviceIdSchema } from '@gantry/protocol';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { toDeviceView, type DeviceView } from './device.view.js';
import { DevicesService } from './devices.service.js';
import { ListDevicesQuerySchema, type ListDevicesQuery } from './list-devices.query.js';

@Controller('devices')
export class DevicesController {
  constructor(@Inject(DevicesService) private readonly devices: DevicesService) {}

  @Get()
  async list(@Query(new ZodValidationPipe(ListDevicesQuerySchema)) query: ListDevicesQuery): Promise<{ items: DeviceView[]; nextCursor: string | null }> {
    const page = await this.devices.list(query);
    return { items: page.items.map(toDeviceView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id', new ZodValidationPipe(DeviceIdSchema)) id: string): Promise<DeviceView> {
    return toDeviceView(await this.devices.get(id));
  }
}
