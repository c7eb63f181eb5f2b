/*
 * The devices API as the console reads it. Mirrors apps/controller/src/devices/
 * (device.view.ts: DeviceView, DeviceListView, DeviceDetailView; devices.service.ts: DeviceSummary; list-devices.query.ts:
 * ListDevicesQuerySchema; device-sort.ts: DEVICE_SORTS; update-device.schema.ts) and the
 * protocol types they carry (libs/protocol: ReportedStateSchema, GatewayUsageSchema,
 * ResourceAmountsSchema, PlatformSchema, CapsStatusSchema).
 */

/** DEVICE_STATUSES: whether the gateway holds an MQTT session now. */
export const DEVICE_STATUSES = ['online', 'offline'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** DEVICE_SORTS: a field, descending with a leading `-`. */
export const DEVICE_SORTS = ['name', '-name', 'lastSeen', '-lastSeen', 'status', '-status', 'created', '-created'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];
export type DeviceSortField = 'name' | 'lastSeen' | 'status' | 'created';

export interface ResourceAmounts {
  nanoCpus: number;
  memoryBytes: number;
  pids?: number;
  storageBytes?: number;
}

export interface GatewayUsage {
  cpuNanoCpus: number;
  memoryBytes: number;
  pids: number;
  blkio: { readBytes: number; writeBytes: number };
  memoryTotalBytes: number;
  storageFreeBytes?: number;
}

export interface Platform {
  os: string;
  arch: string;
  cgroupVersion: 1 | 2;
  dockerVersion?: string;
}

export type AppState = 'applying' | 'running' | 'degraded' | 'rolling-back' | 'rolled-back' | 'failed' | 'removing';
export type ServiceState = 'pending' | 'pulling' | 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type Health = 'none' | 'starting' | 'healthy' | 'unhealthy';

export interface DeviceAppSummary {
  state: AppState;
  releaseId: string | null;
  services: number;
  running: number;
}

export interface DeviceView {
  id: string;
  name: string;
  labels: Record<string, string>;
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

/** `GET /devices/summary`: the fleet in numbers. */
export interface DeviceSummaryView {
  total: number;
  byStatus: Record<DeviceStatus, number>;
}

export interface DeviceListView {
  items: DeviceView[];
  /** Gateways matching the filters, on every page. */
  total: number;
  offset: number;
  limit: number;
  nextCursor: string | null;
}

/** The caps a container runs with (the manifest's resources, as applied). */
export interface AppliedCaps {
  memoryBytes?: number | null;
  nanoCpus?: number | null;
}

export interface CapsStatus {
  applied: AppliedCaps;
  verification: 'verified' | 'drift' | 'unverified' | 'unsupported';
  checkedAt?: string;
  drift: Array<{ cap: string; cgroupFile?: string; expected: number | string | null; actual: number | string | null }>;
}

export interface ServiceStatus {
  state: ServiceState;
  health: Health;
  releaseId: string;
  containerId: string | null;
  restartCount: number;
  exitCode?: number | null;
  startedAt?: string;
  caps: CapsStatus | null;
  lastError: { code: string; message: string; at: string } | null;
}

export interface AppStatus {
  state: AppState;
  releaseId: string | null;
  lastGoodReleaseId: string | null;
  services: Record<string, ServiceStatus>;
}

export interface ReportedState {
  ackedVersion: number;
  ackedHash: string | null;
  target: { version: number; state: 'none' | 'applying' | 'converged' | 'refused' | 'failed'; reason?: string };
  apps: Record<string, AppStatus>;
  gateway: { allocatable: ResourceAmounts; capacity?: ResourceAmounts };
}

export interface DeviceDetailView extends DeviceView {
  reported: ReportedState | null;
  reportedAt: string | null;
}

/** LabelsSchema of libs/protocol (enrollment.ts): the Kubernetes label charset. */
export const LABEL_KEY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._/-]{0,62}$/;
export const LABEL_VALUE_PATTERN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?)?$/;

/** Path of one gateway's resources; ids are URL-safe by pattern, encoded anyway. */
export function devicePath(id: string, rest = ''): string {
  return `/devices/${encodeURIComponent(id)}${rest}`;
}
