import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DeviceIdSchema } from '@gantry/protocol';
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { toDeviceDetailView, toDeviceView, type DeviceDetailView, type DeviceListView, type DeviceView } from './device.view.js';
import { DevicesService, type DeviceSummary } from './devices.service.js';
import { ListDevicesQuerySchema, type ListDevicesQuery } from './list-devices.query.js';
import { UpdateDeviceSchema, type UpdateDevice } from './update-device.schema.js';

const deviceId = new ZodValidationPipe(DeviceIdSchema);

@ApiTags('devices')
@Controller('devices')
export class DevicesController {
  constructor(@Inject(DevicesService) private readonly devices: DevicesService) {}

  @Get()
  @ApiZodQuery(ListDevicesQuerySchema)
  @ApiZodResponse(
    200,
    'One page of gateways: {items, total, offset, limit, nextCursor}. total counts every gateway matching the filters; page with offset, or pass nextCursor as cursor (same sort) for the next page',
  )
  @ApiZodResponse(400, 'A query parameter is invalid; issues name it')
  async list(@Query(new ZodValidationPipe(ListDevicesQuerySchema)) query: ListDevicesQuery): Promise<DeviceListView> {
    const page = await this.devices.list(query);
    return { ...page, items: page.items.map(toDeviceView) };
  }

  // Before `:id`, which would take `summary` for a gateway id.
  @Get('summary')
  @ApiZodResponse(200, 'The fleet in numbers: {total, byStatus: {online, offline}}, one query for a dashboard instead of a count per status')
  async summary(): Promise<DeviceSummary> {
    return this.devices.summary();
  }

  @Get(':id')
  @ApiZodResponse(200, 'The gateway with its latest report and desired state')
  @ApiZodResponse(404, 'No such gateway')
  async get(@Param('id', deviceId) id: string): Promise<DeviceDetailView> {
    return toDeviceDetailView(await this.devices.get(id));
  }

  /** Renames or relabels; new labels recompile the gateway's target (deployments select by label). */
  @Patch(':id')
  @ApiZodBody(UpdateDeviceSchema)
  @ApiZodResponse(200, 'The updated gateway')
  async update(@Param('id', deviceId) id: string, @Body(new ZodValidationPipe(UpdateDeviceSchema)) body: UpdateDevice): Promise<DeviceView> {
    return toDeviceView(await this.devices.update(id, body));
  }

  /** Refuses the gateway's credentials from now on and disconnects it. */
  @Post(':id/revoke')
  @ApiZodResponse(201, 'The gateway is revoked')
  async revoke(@Param('id', deviceId) id: string): Promise<DeviceView> {
    return toDeviceView(await this.devices.revoke(id));
  }
}
