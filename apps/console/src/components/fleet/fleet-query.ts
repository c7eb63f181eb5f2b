import { query } from '../../lib/api';
import { DEVICE_SORTS, DEVICE_STATUSES, type DeviceSort, type DeviceSortField, type DeviceStatus } from '../../api/devices';
import { parseSelectorTerm } from './label-selector';

/*
 * What the fleet table shows, kept in the page's URL so that a reload, a shared link and
 * the back button all bring back the same filters, order and page.
 */

export interface FleetQuery {
  /** Substring of a gateway's name or id; '' for none. */
  q: string;
  status: DeviceStatus | undefined;
  /** `key=value` terms that must all match. */
  labels: string[];
  sort: DeviceSort;
  offset: number;
  limit: number;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_FLEET_QUERY: FleetQuery = { q: '', status: undefined, labels: [], sort: 'name', offset: 0, limit: 50 };

/** What the URL holds; anything it cannot read falls back to the default rather than failing the page. */
export interface SearchParamsLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

function isOneOf<T extends string>(values: readonly T[], value: string | null): value is T {
  return value !== null && (values as readonly string[]).includes(value);
}

function nonNegativeInt(text: string | null): number | undefined {
  if (text === null || !/^\d{1,9}$/.test(text)) return undefined;
  return Number(text);
}

export function fleetQueryFromSearch(params: SearchParamsLike): FleetQuery {
  const status = params.get('status');
  const sort = params.get('sort');
  const limit = nonNegativeInt(params.get('limit'));
  const offset = nonNegativeInt(params.get('offset')) ?? 0;
  const labels: string[] = [];
  for (const term of params.getAll('label')) {
    const parsed = parseSelectorTerm(term);
    if (parsed.ok && !labels.includes(parsed.selector)) labels.push(parsed.selector);
  }
  const pageSize = limit !== undefined && (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_FLEET_QUERY.limit;
  return {
    q: (params.get('q') ?? '').trim().slice(0, 255),
    status: isOneOf(DEVICE_STATUSES, status) ? status : undefined,
    labels,
    sort: isOneOf(DEVICE_SORTS, sort) ? sort : DEFAULT_FLEET_QUERY.sort,
    // Pages start at multiples of the page size, so "51–100" never becomes "57–106".
    offset: offset - (offset % pageSize),
    limit: pageSize,
  };
}

/** The URL search of a query; defaults are left out so the plain fleet link stays `/`. */
export function searchFromFleetQuery(fleet: FleetQuery): string {
  const d = DEFAULT_FLEET_QUERY;
  return query({
    q: fleet.q === d.q ? undefined : fleet.q,
    status: fleet.status,
    label: fleet.labels,
    sort: fleet.sort === d.sort ? undefined : fleet.sort,
    offset: fleet.offset === 0 ? undefined : fleet.offset,
    limit: fleet.limit === d.limit ? undefined : fleet.limit,
  });
}

/** The `GET /devices` path of a query (ListDevicesQuerySchema). */
export function devicesPath(fleet: FleetQuery): string {
  return `/devices${query({ q: fleet.q, status: fleet.status, label: fleet.labels, sort: fleet.sort, offset: fleet.offset, limit: fleet.limit })}`;
}

/** A changed filter, order or page size starts again at the first page; a page change keeps the rest. */
export function changeFleetQuery(fleet: FleetQuery, change: Partial<FleetQuery>): FleetQuery {
  const isPaging = Object.keys(change).every((key) => key === 'offset');
  return { ...fleet, ...change, offset: isPaging ? (change.offset ?? fleet.offset) : 0 };
}

export function sortOrder(sort: DeviceSort): { field: DeviceSortField; isDescending: boolean } {
  return sort.startsWith('-') ? { field: sort.slice(1) as DeviceSortField, isDescending: true } : { field: sort as DeviceSortField, isDescending: false };
}

/**
 * The order after clicking a column header: the same column flips direction; a new one
 * starts where people look first (names A→Z, online before offline, newest times first).
 */
export function nextSort(current: DeviceSort, field: DeviceSortField): DeviceSort {
  const order = sortOrder(current);
  if (order.field === field) return (order.isDescending ? field : `-${field}`) as DeviceSort;
  const startsDescending = field === 'lastSeen' || field === 'created' || field === 'status';
  return (startsDescending ? `-${field}` : field) as DeviceSort;
}

export function ariaSort(current: DeviceSort, field: DeviceSortField): 'ascending' | 'descending' | 'none' {
  const order = sortOrder(current);
  if (order.field !== field) return 'none';
  return order.isDescending ? 'descending' : 'ascending';
}

export interface PageInfo {
  /** 1-based number of the first and last row shown; 0 and 0 when there are none. */
  from: number;
  to: number;
  page: number;
  pageCount: number;
  lastOffset: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export function pageInfo(offset: number, limit: number, total: number, shown: number): PageInfo {
  const pageCount = Math.max(1, Math.ceil(total / limit));
  const lastOffset = (pageCount - 1) * limit;
  return {
    from: shown === 0 ? 0 : offset + 1,
    to: offset + shown,
    page: Math.floor(offset / limit) + 1,
    pageCount,
    lastOffset,
    hasPrevious: offset > 0,
    hasNext: offset + limit < total,
  };
}

/** Whether the query narrows the fleet, so an empty page means "no match" rather than "no gateways yet". */
export function isFiltered(fleet: FleetQuery): boolean {
  return fleet.q !== '' || fleet.status !== undefined || fleet.labels.length > 0;
}
