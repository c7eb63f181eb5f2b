import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device, type DeviceStatus } from '../src/devices/device.entity.js';
import { makeDataDir, startController, type RunningController } from './controller-app.js';

const FLEET_SIZE = 10_000;
const SITES = ['Amsterdam', 'Berlin', 'Chicago', 'Dublin'] as const;
const BASE_MS = Date.parse('2026-06-01T00:00:00.000Z');

interface Seeded {
  id: string;
  name: string;
  site: string;
  status: DeviceStatus;
  lastSeenAt: Date | null;
  createdAt: Date;
}

/**
 * A fleet whose every order differs from id order: names by site, creation times running
 * backwards, last-seen times shuffled (7919 is prime to 10,000, so none repeat), and one
 * gateway in ten never seen. Names sort alike under any collation (same shape, one case).
 */
function seedFleet(): Seeded[] {
  return Array.from({ length: FLEET_SIZE }, (_, index) => {
    const number = String(index).padStart(5, '0');
    const site = SITES[index % SITES.length] ?? 'Amsterdam';
    return {
      id: `gw-${number}`,
      name: `${site} ${number}`,
      site: site.toLowerCase(),
      status: index % 3 === 0 ? 'online' : 'offline',
      lastSeenAt: index % 10 === 0 ? null : new Date(BASE_MS + ((index * 7919) % FLEET_SIZE) * 1_000),
      createdAt: new Date(BASE_MS - index * 1_000),
    };
  });
}

type Field = 'name' | 'lastSeen' | 'status' | 'created';

/** The documented order: by the field, ties by id in the same direction, never-seen as oldest. */
function expectedOrder(devices: readonly Seeded[], sort: string): string[] {
  const isDescending = sort.startsWith('-');
  const field = (isDescending ? sort.slice(1) : sort) as Field;
  const value = (device: Seeded): string | number => {
    switch (field) {
      case 'name':
        return device.name;
      case 'status':
        return device.status;
      case 'lastSeen':
        return device.lastSeenAt?.getTime() ?? Number.NEGATIVE_INFINITY;
      case 'created':
        return device.createdAt.getTime();
    }
  };
  const ascending = (a: Seeded, b: Seeded): number => {
    const [left, right] = [value(a), value(b)];
    if (left !== right) return left < right ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  return devices.toSorted((a, b) => (isDescending ? -ascending(a, b) : ascending(a, b))).map((device) => device.id);
}

interface Page {
  items: { id: string; name: string; status: string }[];
  total: number;
  offset: number;
  limit: number;
  nextCursor: string | null;
}

describe('GET /devices on a fleet of 10,000 gateways', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let controller: RunningController;
  const fleet = seedFleet();

  /** Lists and prints how long the page took (a figure to read, not a pass mark). */
  async function list(query: string): Promise<Page> {
    const started = performance.now();
    const response = await controller.api(`/devices?${query}`);
    const elapsedMs = performance.now() - started;
    console.log(`GET /devices?${query}: ${elapsedMs.toFixed(1)} ms`);
    if (response.status !== 200) throw new Error(`GET /devices?${query} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as Page;
  }

  beforeAll(async () => {
    dataDir = await makeDataDir();
    controller = await startController(dataDir.path);
    const devices = controller.app.get(DataSource).getRepository(Device);
    const started = performance.now();
    for (let start = 0; start < fleet.length; start += 500) {
      await devices.insert(
        fleet.slice(start, start + 500).map((seeded) => ({
          id: seeded.id,
          name: seeded.name,
          labels: { site: seeded.site, tier: Number(seeded.id.slice(3)) % 2 === 0 ? 'core' : 'edge' },
          status: seeded.status,
          lastSeenAt: seeded.lastSeenAt,
          agentVersion: '0.1.0',
          createdAt: seeded.createdAt,
          credentialHash: null,
          revokedAt: null,
          bootId: null,
          platform: null,
          allocatable: null,
          reported: null,
          reportedAt: null,
          desiredVersion: 0,
          desiredHash: null,
          desired: null,
          ackedVersion: 0,
          usage: null,
          lastEventSeq: 0,
        })),
      );
    }
    console.log(`seeded ${FLEET_SIZE} devices in ${(performance.now() - started).toFixed(0)} ms`);
  });

  afterAll(async () => {
    await controller?.close();
    await dataDir?.remove();
  });

  it('answers the first page by name with the total', async () => {
    const page = await list('limit=50');
    expect(page).toMatchObject({ total: FLEET_SIZE, offset: 0, limit: 50, nextCursor: expect.any(String) });
    expect(page.items.map((item) => item.id)).toEqual(expectedOrder(fleet, 'name').slice(0, 50));
    expect(page.items[0]?.name).toBe('Amsterdam 00000');
  });

  it.each([
    ['-name', 9_950],
    ['lastSeen', 900],
    ['-lastSeen', 8_950],
    ['status', 6_600],
    ['-status', 3_300],
    ['created', 5_000],
    ['-created', 0],
  ])('pages by offset in %s order', async (sort, offset) => {
    const page = await list(`sort=${sort}&offset=${offset}&limit=200`);
    expect(page).toMatchObject({ total: FLEET_SIZE, offset, limit: 200 });
    expect(page.items.map((item) => item.id)).toEqual(expectedOrder(fleet, sort).slice(offset, offset + 200));
  });

  it('sums the fleet up by status in one answer, agreeing with the filtered lists', async () => {
    const response = await controller.api('/devices/summary');
    expect(response.status).toBe(200);
    const online = fleet.filter((device) => device.status === 'online').length;
    expect(online).toBeGreaterThan(0);
    expect(response.body).toEqual({ total: FLEET_SIZE, byStatus: { online, offline: FLEET_SIZE - online } });
    expect((await list('status=online&limit=1')).total).toBe(online);
  });

  it('answers an empty page past the end, with the total', async () => {
    expect(await list('offset=10000')).toEqual({ items: [], total: FLEET_SIZE, offset: 10_000, limit: 50, nextCursor: null });
  });

  it.each([
    ['BERLIN 000', (device: Seeded) => device.name.startsWith('Berlin 000')],
    ['gw-0999', (device: Seeded) => device.id.startsWith('gw-0999')],
    ['lin 0123', (device: Seeded) => device.name.includes('lin 0123')],
  ])('searches names and ids case-insensitively for %j', async (q, isMatch) => {
    const expected = expectedOrder(fleet.filter(isMatch), 'name');
    expect(expected.length).toBeGreaterThan(0);
    const page = await list(`q=${encodeURIComponent(q)}&limit=500`);
    expect(page.total).toBe(expected.length);
    expect(page.items.map((item) => item.id)).toEqual(expected);
  });

  it.each(['%', '_', '\\'])('takes %j in a search literally', async (q) => {
    expect(await list(`q=${encodeURIComponent(q)}`)).toMatchObject({ items: [], total: 0 });
  });

  it('combines search, label and status filters with a sort', async () => {
    const isMatch = (device: Seeded): boolean => device.site === 'berlin' && device.status === 'online' && device.name.includes('n 01');
    const expected = expectedOrder(fleet.filter(isMatch), '-lastSeen');
    const page = await list(`q=${encodeURIComponent('n 01')}&label=site=berlin&status=online&sort=-lastSeen&offset=10&limit=20`);
    expect(page.total).toBe(expected.length);
    expect(page.items.map((item) => item.id)).toEqual(expected.slice(10, 30));
    expect(page.items.every((item) => item.status === 'online' && item.name.startsWith('Berlin'))).toBe(true);
  });

  it.each([
    ['sort=-lastSeen', () => true],
    ['sort=lastSeen&status=online', (device: Seeded) => device.status === 'online'],
    ['sort=-name&label=tier=edge', (device: Seeded) => Number(device.id.slice(3)) % 2 === 1],
  ])('walks the whole list with nextCursor for %s, each gateway once', async (query, isMatch) => {
    const sort = new URLSearchParams(query).get('sort') ?? 'name';
    const expected = expectedOrder(fleet.filter(isMatch), sort);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(`${query}&limit=500${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.offset).toBe(seen.length);
      expect(page.total).toBe(expected.length);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(expected);
  });

  it.each([
    ['sort=size', 'sort'],
    ['sort=NAME', 'sort'],
    ['offset=-1', 'offset'],
    ['offset=abc', 'offset'],
    ['offset=1.5', 'offset'],
    ['limit=501', 'limit'],
    ['q=', 'q'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
  ])('answers 400 naming the field for ?%s', async (query, path) => {
    const response = await controller.api(`/devices?${query}`);
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid-request', issues: [{ path, message: expect.any(String) }] } });
  });

  it('answers 400 for a cursor used with another sort or with an offset', async () => {
    const { nextCursor } = await list('sort=created&limit=10');
    expect(nextCursor).not.toBeNull();
    const otherSort = await controller.api(`/devices?sort=name&cursor=${nextCursor}`);
    expect(otherSort).toMatchObject({ status: 400, body: { issues: [{ path: 'cursor', message: expect.stringContaining('sort=created') }] } });
    const withOffset = await controller.api(`/devices?sort=created&offset=10&cursor=${nextCursor}`);
    expect(withOffset).toMatchObject({ status: 400, body: { issues: [{ path: 'offset', message: 'give either offset or cursor, not both' }] } });
  });
});
