import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentTarget } from '../src/deployments/deployment-target.entity.js';
import { Deployment } from '../src/deployments/deployment.entity.js';
import { FleetEvents, type FleetEvent } from '../src/fleet-events/fleet-events.js';
import { makeDataDir, startController, type RunningController } from './controller-app.js';

const thermoV1 = `# A temperature sensor reader and its local broker.
name: thermo
services:
  reader:
    image: acme/thermo-reader:1.4.2
    env:
      LOG_LEVEL: info
      INTERVAL: 5
    capAdd: [SYS_RAWIO]
    resources:
      memoryBytes: 64Mi
      nanoCpus: "0.25"
  broker:
    image: eclipse-mosquitto:2.0.18
    ports:
      - { target: 1883, published: 1883 }
`;

// The same app with a new image, one env value changed and one capability more.
const thermoV2 = thermoV1.replace('thermo-reader:1.4.2', 'thermo-reader:1.5.0').replace('LOG_LEVEL: info', 'LOG_LEVEL: debug').replace('capAdd: [SYS_RAWIO]', 'capAdd: [SYS_RAWIO, SYS_TIME]');

// Line 11 holds the bad quantity.
const thermoInvalid = thermoV1.replace('memoryBytes: 64Mi', 'memoryBytes: 12 parsecs');

const homeStackCompose = `# docker-compose.yml as it lives next to the gateway
name: home-stack
services:
  broker:
    image: eclipse-mosquitto:2.0.18
    container_name: mosquitto
    restart: unless-stopped
    ports:
      - "1883:1883"
    networks: [iot]
    environment:
      TZ: Europe/Berlin
    deploy:
      resources:
        limits:
          memory: 64M
          cpus: "0.25"
  nodered:
    image: nodered/node-red:3.1.9
    depends_on: [broker]
    environment:
      - FLOWS=flows.json
    ports:
      - "1880:1880"
    volumes:
      - nodered-data:/data
networks:
  iot:
    driver: bridge
volumes:
  nodered-data:
`;

describe('apps and releases over HTTP', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let sut: RunningController;
  const events: FleetEvent[] = [];
  let subscription: Subscription;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    sut = await startController(dataDir.path);
    subscription = sut.app.get(FleetEvents).stream.subscribe((event) => events.push(event));
  });

  afterAll(async () => {
    subscription.unsubscribe();
    await sut.close();
    await dataDir.remove();
  });

  const createApp = async (id: string, description?: string) => {
    const response = await sut.api('/apps', { method: 'POST', body: { id, ...(description === undefined ? {} : { description }) } });
    expect(response.status).toBe(201);
    return response;
  };
  const cut = (appId: string, body: Record<string, unknown>) => sut.api(`/apps/${appId}/releases`, { method: 'POST', body });

  it('creates an app and shows it with no releases', async () => {
    const created = await createApp('thermo', 'Temperature readers');
    expect(created.body).toEqual({ id: 'thermo', description: 'Temperature readers', createdAt: expect.any(String), releaseCount: 0, latestRelease: null });
    expect(await sut.api('/apps/thermo')).toMatchObject({ status: 200, body: { id: 'thermo', releaseCount: 0 } });
    expect(events).toContainEqual({ type: 'app.changed', appId: 'thermo' });
  });

  it('refuses anonymous callers', async () => {
    expect(await sut.api('/apps', { anonymous: true })).toMatchObject({ status: 401 });
    expect(await sut.api('/apps', { method: 'POST', body: { id: 'sneaky' }, anonymous: true })).toMatchObject({ status: 401 });
  });

  it('refuses a second app with the same id with 409', async () => {
    expect(await sut.api('/apps', { method: 'POST', body: { id: 'thermo' } })).toMatchObject({ status: 409, body: { error: 'app-already-exists' } });
  });

  it.each([
    [{ id: 'Not An Id' }, 'id'],
    [{}, 'id'],
    [{ id: 'ok', description: 42 }, 'description'],
    [{ id: 'ok', colour: 'red' }, ''],
  ])('answers 400 naming the field for POST /apps %j', async (body, path) => {
    const response = await sut.api('/apps', { method: 'POST', body });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid-request', issues: [{ path }] } });
  });

  it('updates the description', async () => {
    const response = await sut.api('/apps/thermo', { method: 'PATCH', body: { description: 'Sensors of hall 3' } });
    expect(response).toMatchObject({ status: 200, body: { id: 'thermo', description: 'Sensors of hall 3' } });
    expect(await sut.api('/apps/thermo', { method: 'PATCH', body: { description: 7 } })).toMatchObject({ status: 400, body: { issues: [{ path: 'description' }] } });
  });

  it('answers 404 with a helpful message for an unknown app', async () => {
    for (const path of ['/apps/nope', '/apps/nope/releases', '/apps/nope/releases/1']) {
      const response = await sut.api(path);
      expect(response).toMatchObject({ status: 404, body: { error: 'app-not-found', message: expect.stringContaining('GET /api/v1/apps') } });
    }
    expect(await cut('nope', { manifest: thermoV1 })).toMatchObject({ status: 404, body: { error: 'app-not-found' } });
  });

  describe('releases of thermo', () => {
    it('cuts release 1 from a native YAML manifest', async () => {
      const response = await cut('thermo', { manifest: thermoV1, notes: 'first field test' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        id: 'thermo@1',
        appId: 'thermo',
        version: 1,
        created: true,
        warnings: [],
        sourceFormat: 'gantry',
        notes: 'first field test',
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        source: thermoV1,
        manifest: { name: 'thermo', services: { reader: { image: 'acme/thermo-reader:1.4.2', env: { INTERVAL: '5' }, resources: { memoryBytes: 67108864 } } } },
      });
      expect(await sut.api('/apps/thermo')).toMatchObject({ body: { releaseCount: 1, latestRelease: { id: 'thermo@1', version: 1 } } });
    });

    it('answers an invalid manifest with its line and creates nothing', async () => {
      const before = await sut.api('/apps/thermo/releases');
      const response = await cut('thermo', { manifest: thermoInvalid });
      expect(response).toMatchObject({
        status: 400,
        body: {
          error: 'invalid-manifest',
          issues: [{ path: 'services.reader.resources.memoryBytes', line: 11, column: expect.any(Number), message: expect.stringContaining('12 parsecs') }],
        },
      });
      expect((await sut.api('/apps/thermo/releases')).body).toEqual(before.body);
      expect(await sut.api('/apps/thermo')).toMatchObject({ body: { releaseCount: 1 } });
    });

    it('refuses a native manifest written for another app, pointing at its name', async () => {
      const response = await cut('thermo', { manifest: thermoV1.replace('name: thermo', 'name: meters') });
      expect(response).toMatchObject({ status: 400, body: { error: 'invalid-manifest', issues: [{ path: 'name', line: 2, message: expect.stringContaining('"meters"') }] } });
    });

    it('says so when a compose file is sent as a native manifest', async () => {
      const response = await cut('thermo', { manifest: homeStackCompose });
      expect(response).toMatchObject({ status: 400, body: { error: 'invalid-manifest', message: expect.stringContaining('"format": "compose"') } });
    });

    it.each([
      [{}, 'manifest'],
      [{ manifest: '' }, 'manifest'],
      [{ manifest: thermoV1, format: 'helm' }, 'format'],
    ])('answers 400 naming the field for body %j', async (body, path) => {
      expect(await cut('thermo', body)).toMatchObject({ status: 400, body: { error: 'invalid-request', issues: [{ path }] } });
    });

    it('answers the latest release instead of cutting a duplicate of it', async () => {
      // Same content, written differently: other key order and a comment.
      const reordered = `name: thermo\nservices:\n  broker:\n    ports: [{ published: 1883, target: 1883 }]\n    image: eclipse-mosquitto:2.0.18\n${thermoV1.slice(thermoV1.indexOf('  reader:'), thermoV1.indexOf('  broker:'))}`;
      const response = await cut('thermo', { manifest: reordered });
      expect(response).toMatchObject({ status: 200, body: { id: 'thermo@1', created: false, source: thermoV1 } });
      expect(await sut.api('/apps/thermo')).toMatchObject({ body: { releaseCount: 1 } });
    });

    it('cuts release 2 and diffs it against release 1', async () => {
      expect(await cut('thermo', { manifest: thermoV2 })).toMatchObject({ status: 201, body: { id: 'thermo@2', version: 2, created: true } });
      const diff = await sut.api('/apps/thermo/releases/2/diff?against=1');
      expect(diff.status).toBe(200);
      expect(diff.body).toMatchObject({ from: 'thermo@1', to: 'thermo@2' });
      const { changes, unifiedDiff } = diff.body as { changes: unknown[]; unifiedDiff: string };
      expect(changes).toEqual(
        expect.arrayContaining([
          { path: 'services.reader.image', kind: 'changed', before: 'acme/thermo-reader:1.4.2', after: 'acme/thermo-reader:1.5.0' },
          { path: 'services.reader.env.LOG_LEVEL', kind: 'changed', before: 'info', after: 'debug' },
          { path: 'services.reader.capAdd[1]', kind: 'added', after: 'SYS_TIME' },
        ]),
      );
      expect(changes).toHaveLength(3);
      expect(unifiedDiff).toContain('--- thermo@1');
      expect(unifiedDiff).toContain('+      LOG_LEVEL: debug');
      expect(unifiedDiff).toContain('-      LOG_LEVEL: info');
    });

    it('lists releases newest first, page by page', async () => {
      const first = await sut.api('/apps/thermo/releases?limit=1');
      expect(first).toMatchObject({ status: 200, body: { items: [{ id: 'thermo@2', version: 2 }], nextCursor: 2 } });
      expect((first.body as { items: object[] }).items[0]).not.toHaveProperty('manifest');
      const second = await sut.api('/apps/thermo/releases?limit=1&cursor=2');
      expect(second).toMatchObject({ status: 200, body: { items: [{ id: 'thermo@1' }], nextCursor: null } });
    });

    it('shows one release in full and 404s an unknown version', async () => {
      expect(await sut.api('/apps/thermo/releases/2')).toMatchObject({ status: 200, body: { id: 'thermo@2', source: thermoV2, manifest: { name: 'thermo' } } });
      expect(await sut.api('/apps/thermo/releases/9')).toMatchObject({ status: 404, body: { error: 'release-not-found', message: expect.stringContaining('no release 9') } });
      expect(await sut.api('/apps/thermo/releases/2/diff?against=9')).toMatchObject({ status: 404, body: { error: 'release-not-found' } });
      expect(await sut.api('/apps/thermo/releases/two')).toMatchObject({ status: 400, body: { issues: [{ path: 'version' }] } });
      expect(await sut.api('/apps/thermo/releases/2/diff')).toMatchObject({ status: 400, body: { issues: [{ path: 'against' }] } });
    });
  });

  it('cuts a release from a docker-compose file under the app id, with its warnings', async () => {
    await createApp('home');
    const response = await cut('home', { manifest: homeStackCompose, format: 'compose' });
    expect(response).toMatchObject({
      status: 201,
      body: {
        id: 'home@1',
        sourceFormat: 'compose',
        manifest: {
          name: 'home',
          services: {
            broker: { env: { TZ: 'Europe/Berlin' }, restart: { policy: 'unless-stopped' }, resources: { memoryBytes: 67108864, nanoCpus: 250000000 } },
            nodered: { dependsOn: { broker: { condition: 'service_started' } } },
          },
        },
      },
    });
    const warnings = (response.body as { warnings: { path: string; line?: number }[] }).warnings;
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name', line: 2, message: expect.stringContaining('"home-stack"') }),
        expect.objectContaining({ path: 'services.broker.container_name', line: 6 }),
        expect.objectContaining({ path: 'networks.iot' }),
      ]),
    );
  });

  it('hands releases to the desired-state compiler by id', async () => {
    const { AppsService } = await import('../src/apps/apps.service.js');
    const apps = sut.app.get(AppsService);
    const releases = await apps.releasesByIds(['thermo@1', 'home@1', 'ghost@1']);
    expect(releases.map((release) => release.id).sort()).toEqual(['home@1', 'thermo@1']);
    expect(releases[0]?.createdAt).toBeInstanceOf(Date);
    expect((await apps.getRelease('thermo@2')).manifest.services['reader']?.image).toBe('acme/thermo-reader:1.5.0');
    await expect(apps.getRelease('thermo@99')).rejects.toMatchObject({ code: 'release-not-found' });
  });

  it('pages the app list with each app’s latest release', async () => {
    await createApp('zeta');
    const first = await sut.api('/apps?limit=2');
    expect(first).toMatchObject({
      status: 200,
      body: {
        items: [
          { id: 'home', releaseCount: 1, latestRelease: { id: 'home@1', version: 1 } },
          { id: 'thermo', releaseCount: 2, latestRelease: { id: 'thermo@2', version: 2 } },
        ],
        nextCursor: 'thermo',
      },
    });
    expect(await sut.api('/apps?limit=2&cursor=thermo')).toMatchObject({ status: 200, body: { items: [{ id: 'zeta', releaseCount: 0, latestRelease: null }], nextCursor: null } });
    expect(await sut.api('/apps?limit=0')).toMatchObject({ status: 400, body: { issues: [{ path: 'limit' }] } });
  });

  describe('deleting an app', () => {
    const now = new Date('2026-03-01T00:00:00.000Z');

    beforeAll(async () => {
      const dataSource = sut.app.get(DataSource);
      const deployment = (id: string, appId: string, releaseId: string) =>
        dataSource.getRepository(Deployment).insert({
          id,
          appId,
          releaseId,
          selector: 'site=berlin',
          priority: 10,
          strategy: { type: 'all-at-once' },
          healthyWithinMs: null,
          phase: 'complete',
          currentWave: 1,
          phaseReason: null,
          createdAt: now,
          updatedAt: now,
        });
      await deployment('00000000-0000-4000-8000-000000000001', 'thermo', 'thermo@2');
      await deployment('00000000-0000-4000-8000-000000000002', 'home', 'home@1');
      const target = (deploymentId: string, deviceId: string) =>
        dataSource.getRepository(DeploymentTarget).insert({ deploymentId, deviceId, wave: 1, status: 'converged', desiredVersion: 3, reason: null, updatedAt: now });
      await target('00000000-0000-4000-8000-000000000001', 'gw-01');
      await target('00000000-0000-4000-8000-000000000001', 'gw-02');
      await target('00000000-0000-4000-8000-000000000002', 'gw-01');
    });

    it.each([
      ['/apps/thermo', 'confirm'],
      ['/apps/thermo?confirm=home', 'confirm'],
    ])('refuses DELETE %s without the app id as confirmation', async (path, field) => {
      expect(await sut.api(path, { method: 'DELETE' })).toMatchObject({ status: 400, body: { error: 'invalid-request', issues: [{ path: field }] } });
      expect(await sut.api('/apps/thermo')).toMatchObject({ status: 200 });
    });

    it('removes the app, its releases, deployments and targets, and announces it', async () => {
      const dataSource = sut.app.get(DataSource);
      const response = await sut.api('/apps/thermo?confirm=thermo', { method: 'DELETE' });
      expect(response).toEqual({ status: 200, headers: expect.anything(), body: { appId: 'thermo', releasesDeleted: 2, deploymentsDeleted: 1 } });
      expect(await sut.api('/apps/thermo')).toMatchObject({ status: 404 });
      expect(await dataSource.query("SELECT id FROM releases WHERE app_id = 'thermo'")).toEqual([]);
      expect(await dataSource.getRepository(Deployment).findBy({ appId: 'thermo' })).toEqual([]);
      expect(await dataSource.getRepository(DeploymentTarget).findBy({ deploymentId: '00000000-0000-4000-8000-000000000001' })).toEqual([]);
      expect(events.at(-1)).toEqual({ type: 'app.deleted', appId: 'thermo' });
      // The other app keeps everything.
      expect(await dataSource.getRepository(Deployment).countBy({ appId: 'home' })).toBe(1);
      expect(await dataSource.getRepository(DeploymentTarget).countBy({ deploymentId: '00000000-0000-4000-8000-000000000002' })).toBe(1);
      expect(await sut.api('/apps/home')).toMatchObject({ status: 200, body: { releaseCount: 1 } });
    });

    it('answers 404 for deleting an app that does not exist', async () => {
      expect(await sut.api('/apps/thermo?confirm=thermo', { method: 'DELETE' })).toMatchObject({ status: 404, body: { error: 'app-not-found' } });
    });
  });

  it('documents every apps route in OpenAPI under the apps tag', async () => {
    const response = await fetch(new URL('/api/docs/openapi.json', sut.baseUrl));
    const document = (await response.json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/apps'))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, tags: operation.tags })));
    expect(routes.map((route) => route.route).sort()).toEqual([
      'DELETE /api/v1/apps/{id}',
      'GET /api/v1/apps',
      'GET /api/v1/apps/{id}',
      'GET /api/v1/apps/{id}/releases',
      'GET /api/v1/apps/{id}/releases/{version}',
      'GET /api/v1/apps/{id}/releases/{version}/diff',
      'PATCH /api/v1/apps/{id}',
      'POST /api/v1/apps',
      'POST /api/v1/apps/{id}/releases',
    ]);
    expect(routes.every((route) => route.tags?.includes('apps'))).toBe(true);
  });

  it('numbers releases cut at the same time without gaps or duplicates', async () => {
    await createApp('burst');
    const { AppsService } = await import('../src/apps/apps.service.js');
    const apps = sut.app.get(AppsService);
    // Straight to the service, so the five cuts interleave at every database round trip.
    const manifests = [1, 2, 3, 4, 5].map((n) => thermoV1.replace('name: thermo', 'name: burst').replace('INTERVAL: 5', `INTERVAL: ${n}`));
    const outcomes = await Promise.all(manifests.map((manifest) => apps.cutRelease('burst', { manifest, format: 'gantry', notes: '' })));
    const versions = outcomes.map((outcome) => (outcome.ok && outcome.isCreated ? outcome.release.version : 0)).sort();
    expect(versions).toEqual([1, 2, 3, 4, 5]);
    expect(await sut.api('/apps/burst')).toMatchObject({ body: { releaseCount: 5, latestRelease: { id: 'burst@5' } } });
  });
});
