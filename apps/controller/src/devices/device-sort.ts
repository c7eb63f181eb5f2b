import type { Device } from './device.entity.js';

/** Orders of `GET /devices`: a field, descending with a leading `-`. */
export const DEVICE_SORTS = ['name', '-name', 'lastSeen', '-lastSeen', 'status', '-status', 'created', '-created'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

/** A field devices can be sorted by. */
export type SortField = 'name' | 'lastSeen' | 'status' | 'created';

const ORDERS: { readonly [S in DeviceSort]: { readonly field: SortField; readonly isDescending: boolean } } = {
  name: { field: 'name', isDescending: false },
  '-name': { field: 'name', isDescending: true },
  lastSeen: { field: 'lastSeen', isDescending: false },
  '-lastSeen': { field: 'lastSeen', isDescending: true },
  status: { field: 'status', isDescending: false },
  '-status': { field: 'status', isDescending: true },
  created: { field: 'created', isDescending: false },
  '-created': { field: 'created', isDescending: true },
};

/** The field and direction of a sort. */
export function sortOrder(sort: DeviceSort): { readonly field: SortField; readonly isDescending: boolean } {
  return ORDERS[sort];
}

/** Whether a field holds times (compared as instants, and `lastSeen` may be null). */
export const isTimeField = (field: SortField): boolean => field === 'lastSeen' || field === 'created';

/** The value a device is sorted by, as a cursor keeps it: text, or ISO time (null: never seen). */
export function sortKey(device: Device, field: SortField): string | null {
  switch (field) {
    case 'name':
      return device.name;
    case 'lastSeen':
      return device.lastSeenAt?.toISOString() ?? null;
    case 'status':
      return device.status;
    case 'created':
      return device.createdAt.toISOString();
  }
}
