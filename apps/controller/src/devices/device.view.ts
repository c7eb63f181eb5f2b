import type { AppState, DesiredState, GatewayUsage, Platform, ReportedState, ResourceAmounts } from '@gantry/protocol';
import type { Device, DeviceStatus, Labels } from './device.entity.js';

/** One app on a gateway, as a fleet table shows it. */
export interface DeviceAppSummary {
  state: AppState;
  releaseId: string | null;
  services: number;
  running: number;
}

/** A device as the REST API lists it. */
export interface DeviceView {
  id: string;
  name: string;
  labels: Labels;
  status: DeviceStatus;
  revoked: boolean;
  lastSeenAt: string | null;
  agentVersion: string | null;
  platform: Platform | null;
  allocatable: ResourceAmounts | null;
  usage: GatewayUsage | null;
  apps: Record<string, DeviceAppSummary>;
  desired: { version: number; hash: string | null; ackedVersion: number };
  createdAt: string;
}

/** A page of `GET /devices`. */
export interface DeviceListView {
  items: DeviceView[];
  /** Gateways matching the filters, on every page. */
  total: number;
  offset: number;
  limit: number;
  /** Pass as `cursor` (with the same sort) for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A single device with everything the controller knows of it. */
export interface DeviceDetailView extends DeviceView {
  reported: ReportedState | null;
  reportedAt: string | null;
  desiredState: DesiredState | null;
}

export function toDeviceView(device: Device): DeviceView {
  return {
    id: device.id,
    name: device.name,
    labels: device.labels,
    status: device.status,
    revoked: device.revokedAt !== null,
    lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
    agentVersion: device.agentVersion,
    platform: device.platform,
    allocatable: device.allocatable,
    usage: device.usage,
    apps: summarizeApps(device.reported),
    desired: { version: device.desiredVersion, hash: device.desiredHash, ackedVersion: device.ackedVersion },
    createdAt: device.createdAt.toISOString(),
  };
}

export function toDeviceDetailView(device: Device): DeviceDetailView {
  return { ...toDeviceView(device), reported: device.reported, reportedAt: device.reportedAt?.toISOString() ?? null, desiredState: device.desired };
}

function summarizeApps(reported: ReportedState | null): Record<string, DeviceAppSummary> {
  if (reported === null) return {};
  return Object.fromEntries(
    Object.entries(reported.apps).map(([appId, app]) => {
      const services = Object.values(app.services);
      return [appId, { state: app.state, releaseId: app.releaseId, services: services.length, running: services.filter((service) => service.state === 'running').length }];
    }),
  );
}
