import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/database/data-source-options.js';
import { DevicesService } from '../src/devices/devices.service.js';
import { makeDataDir, startController, type RunningController } from './controller-app.js';
import { onPostgres } from './test-database.js';

/** GET as the admin; answers status and JSON body. */
async function getJson(controller: RunningController, path: string): Promise<{ status: number; body: unknown }> {
  const { status, body } = await controller.api(path);
  return { status, body };
}

describe('controller on a fresh database', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let sut: RunningController;
  let devices: DevicesService;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    // A folder that does not exist yet: the controller creates it on first start.
    sut = await startController(join(dataDir.path, 'state'));
    devices = sut.app.get(DevicesService);
  });

  afterAll(async () => {
    await sut.close();
    await dataDir.remove();
  });

  it.skipIf(onPostgres())('creates gantry.db in DATA_DIR on first start', () => {
    expect(existsSync(join(dataDir.path, 'state', 'gantry.db'))).toBe(true);
  });

  it('reports healthy with the database reachable', async () => {
    expect(await fetch(sut.baseUrl.replace('/api/v1', '/healthz')).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown }))).toMatchObject({ status: 200, body: { status: 'ok', database: 'up', broker: 'up' } });
  });

  it('lists no devices before any registers', async () => {
    expect(await getJson(sut, `/devices`)).toEqual({ status: 200, body: { items: [], total: 0, offset: 0, limit: 50, nextCursor: null } });
  });

  describe('with registered devices', () => {
    const createdAt = new Date('2026-01-02T03:04:05.000Z');

    beforeAll(async () => {
      await devices.register({ id: 'gw-01', name: 'Berlin 1', labels: { site: 'berlin', tier: 'edge' }, status: 'online', agentVersion: '0.1.0' }, createdAt);
      await devices.register({ id: 'gw-02', name: 'Berlin 2', labels: { site: 'berlin' } }, createdAt);
      await devices.register({ id: 'gw-03', name: 'Paris 1', labels: { site: 'paris', tier: 'edge' }, status: 'online' }, createdAt);
    });

    it('lists them in id order with their fields', async () => {
      const { status, body } = await getJson(sut, `/devices`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ nextCursor: null, items: [{ id: 'gw-01' }, { id: 'gw-02' }, { id: 'gw-03' }] });
      // The desired state is compiled in the background as soon as a device registers; it is not this test's subject.
      expect(await getJson(sut, `/devices/gw-01`)).toMatchObject({
        status: 200,
        body: {
          id: 'gw-01',
          name: 'Berlin 1',
          labels: { site: 'berlin', tier: 'edge' },
          status: 'online',
          revoked: false,
          lastSeenAt: null,
          agentVersion: '0.1.0',
          platform: null,
          allocatable: null,
          usage: null,
          apps: {},
          desired: { ackedVersion: 0 },
          createdAt: '2026-01-02T03:04:05.000Z',
          reported: null,
          reportedAt: null,
        },
      });
    });

    it.each([
      ['label=site=berlin', ['gw-01', 'gw-02']],
      ['label=site=berlin&label=tier=edge', ['gw-01']],
      ['label=tier=edge&status=online', ['gw-01', 'gw-03']],
      ['status=offline', ['gw-02']],
      ['label=site=tokyo', []],
    ])('filters by ?%s', async (query, ids) => {
      const { status, body } = await getJson(sut, `/devices?${query}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ items: ids.map((id) => ({ id })) });
    });

    it('pages with limit and the returned cursor', async () => {
      const first = await getJson(sut, `/devices?limit=2`);
      expect(first.body).toMatchObject({ items: [{ id: 'gw-01' }, { id: 'gw-02' }], nextCursor: expect.any(String) });
      const { nextCursor } = first.body as { nextCursor: string };
      const second = await getJson(sut, `/devices?limit=2&cursor=${nextCursor}`);
      expect(second.body).toMatchObject({ items: [{ id: 'gw-03' }], offset: 2, nextCursor: null });
    });

    it('refuses to register the same id twice', async () => {
      await expect(devices.register({ id: 'gw-01', name: 'again' })).rejects.toMatchObject({ code: 'device-already-exists' });
    });
  });

  it('answers 404 with a clear message for an unknown device', async () => {
    expect(await getJson(sut, `/devices/gw-404`)).toEqual({
      status: 404,
      body: { error: 'device-not-found', message: 'no device with id "gw-404" is registered; list devices with GET /api/v1/devices' },
    });
  });

  it.each([
    ['limit=abc', 'limit'],
    ['limit=0', 'limit'],
    ['status=sleeping', 'status'],
    ['label=berlin', 'label'],
    ['cursor=Not%20An%20Id', 'cursor'],
    ['colour=red', ''],
  ])('answers 400 naming the field for ?%s', async (query, path) => {
    const { status, body } = await getJson(sut, `/devices?${query}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid-request', issues: [{ path, message: expect.any(String) }] });
  });

  it('answers 400 naming the id for a malformed device id', async () => {
    const { status, body } = await getJson(sut, `/devices/Bad%20Id`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid-request', issues: [{ path: 'id' }] });
  });
});

describe('controller restarted on the same database', () => {
  it('keeps its rows and does not run migrations again', async () => {
    const dataDir = await makeDataDir();
    try {
      const first = await startController(dataDir.path);
      await first.app.get(DevicesService).register({ id: 'gw-kept', name: 'survives restarts' });
      await first.close();

      const sameDatabase: Record<string, string> = first.config.database.type === 'postgres' ? { DATABASE_URL: first.config.database.url } : {};
      const second = await startController(dataDir.path, sameDatabase);
      try {
        const dataSource = second.app.get(DataSource);
        const applied: unknown = await dataSource.query('SELECT name FROM migrations');
        expect(applied).toEqual(MIGRATIONS.map((Migration) => ({ name: new Migration().name })));
        expect(await dataSource.showMigrations()).toBe(false);
        expect(await getJson(second, `/devices/gw-kept`)).toMatchObject({ status: 200, body: { name: 'survives restarts' } });
      } finally {
        await second.close();
      }
    } finally {
      await dataDir.remove();
    }
  });
});
