import { describe, expect, it } from 'vitest';
import { ariaSort, changeFleetQuery, DEFAULT_FLEET_QUERY, devicesPath, fleetQueryFromSearch, isFiltered, nextSort, pageInfo, searchFromFleetQuery, type FleetQuery } from './fleet-query';

const read = (search: string) => fleetQueryFromSearch(new URLSearchParams(search));

describe('fleet query in the URL', () => {
  it('gives the defaults for an empty URL, and an empty search for the defaults', () => {
    expect(read('')).toEqual(DEFAULT_FLEET_QUERY);
    expect(searchFromFleetQuery(DEFAULT_FLEET_QUERY)).toBe('');
  });

  it('round-trips every field', () => {
    const fleet: FleetQuery = { q: 'gw-1', status: 'offline', labels: ['site=berlin', 'tier=edge'], sort: '-lastSeen', offset: 200, limit: 100 };
    const search = searchFromFleetQuery(fleet);
    expect(search).toBe('?q=gw-1&status=offline&label=site%3Dberlin&label=tier%3Dedge&sort=-lastSeen&offset=200&limit=100');
    expect(read(search)).toEqual(fleet);
  });

  it('falls back to defaults for values it cannot read, and drops bad or repeated label terms', () => {
    expect(read('status=never&sort=size&limit=7&offset=-3&label=nope&label=site%3Dx&label=site%3Dx')).toEqual({ ...DEFAULT_FLEET_QUERY, labels: ['site=x'] });
  });

  it('snaps the offset to the start of its page', () => {
    expect(read('offset=57&limit=25').offset).toBe(50);
  });

  it('asks the controller with every parameter, defaults included', () => {
    expect(devicesPath({ ...DEFAULT_FLEET_QUERY, labels: ['site=berlin'], status: 'online' })).toBe('/devices?status=online&label=site%3Dberlin&sort=name&offset=0&limit=50');
  });

  it('returns to the first page when a filter changes but not when paging', () => {
    const onPage3 = { ...DEFAULT_FLEET_QUERY, offset: 100 };
    expect(changeFleetQuery(onPage3, { status: 'online' }).offset).toBe(0);
    expect(changeFleetQuery(onPage3, { limit: 100 }).offset).toBe(0);
    expect(changeFleetQuery(onPage3, { offset: 150 }).offset).toBe(150);
  });

  it('knows when the fleet is narrowed', () => {
    expect(isFiltered(DEFAULT_FLEET_QUERY)).toBe(false);
    expect(isFiltered({ ...DEFAULT_FLEET_QUERY, sort: '-name', offset: 50 })).toBe(false);
    expect(isFiltered({ ...DEFAULT_FLEET_QUERY, labels: ['a=b'] })).toBe(true);
  });
});

describe('sorting by column', () => {
  it.each([
    ['name', 'name', '-name'],
    ['-name', 'name', 'name'],
    ['name', 'lastSeen', '-lastSeen'],
    ['-lastSeen', 'lastSeen', 'lastSeen'],
    ['name', 'status', '-status'],
  ] as const)('from %s, clicking %s sorts by %s', (current, field, expected) => {
    expect(nextSort(current, field)).toBe(expected);
  });

  it('marks only the sorted column for assistive technology', () => {
    expect(ariaSort('-lastSeen', 'lastSeen')).toBe('descending');
    expect(ariaSort('name', 'name')).toBe('ascending');
    expect(ariaSort('name', 'status')).toBe('none');
  });
});

describe('pageInfo', () => {
  it('describes a middle page of a large fleet', () => {
    expect(pageInfo(50, 50, 10_000, 50)).toEqual({ from: 51, to: 100, page: 2, pageCount: 200, lastOffset: 9_950, hasPrevious: true, hasNext: true });
  });

  it('describes a short last page and an empty fleet', () => {
    expect(pageInfo(9_950, 50, 9_990, 40)).toMatchObject({ from: 9_951, to: 9_990, hasNext: false, page: 200 });
    expect(pageInfo(0, 50, 0, 0)).toMatchObject({ from: 0, to: 0, pageCount: 1, lastOffset: 0, hasPrevious: false, hasNext: false });
  });
});
