import type { Device, DeviceStatus, Labels } from './device.entity.js';

/** A device as the REST API shows it. */
export interface DeviceView {
  id: string;
  name: string;
  labels: Labels;
  status: DeviceStatus;
  lastSeenAt: string | null;
  agentVersion: string | null;
  createdAt: string;
}

export function toDeviceView(device: Device): DeviceView {
  return {
    id: device.id,
    name: device.name,
    labels: device.labels,
    status: device.status,
    lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
    agentVersion: device.agentVersion,
    createdAt: device.createdAt.toISOString(),
  };
}
