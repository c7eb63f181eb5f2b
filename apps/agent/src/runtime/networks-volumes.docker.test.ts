// App networks and volumes on the real engine: services reach each other by service name,
// a service can join another's network, and named volumes are Gantry's and only Gantry's.
import { pollUntil, uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerRuntime } from './docker-runtime.js';
import { DockerFixture, inspect } from './fixtures/docker-fixture.js';

let fixture: DockerFixture;
let sut: DockerRuntime;

beforeAll(async () => {
  fixture = await DockerFixture.start('net');
  sut = fixture.runtime();
}, 60_000);

afterAll(async () => {
  await fixture?.cleanup();
}, 60_000);

/** Lines of a container's output, read through the runtime. */
async function output(id: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of sut.logs(id, {})) lines.push(line.text);
  return lines;
}

describe('DockerRuntime app networks', () => {
  it('lets a service reach another by its service name over the app network', async () => {
    const appId = fixture.appId();
    await sut.createNetwork(appId);
    await sut.createNetwork(appId);
    expect((await sut.readCurrent()).networks.has(appId)).toBe(true);

    const web = await sut.create(
      fixture.step(appId, 'web', { networkMode: 'app', command: ['sh', '-c', 'echo hello-from-web > /tmp/index.html; exec httpd -f -p 8080 -h /tmp'] }),
    );
    await sut.start(web);
    // busybox wget resolves `web` through Docker's embedded DNS; retry until httpd listens.
    // (No `-T`: Debian's static busybox wget segfaults with a timeout.)
    const client = await sut.create(
      fixture.step(appId, 'client', {
        networkMode: 'app',
        command: ['sh', '-c', 'for i in $(seq 1 100); do wget -q -O - http://web:8080/index.html && exit 0; sleep 0.1; done; exit 1'],
      }),
    );
    await sut.start(client);

    const done = await pollUntil(
      async () => {
        const c = (await sut.readCurrent()).containers.find((x) => x.id === client);
        return c?.state === 'exited' && c;
      },
      { timeoutMs: 20_000, what: 'the client to finish' },
    );
    expect(done.exitCode).toBe(0);
    expect(await output(client)).toEqual(['hello-from-web']);
    const network = (await inspect(fixture.docker, web)).NetworkSettings.Networks[`gantry_${appId}`];
    expect(network?.Aliases).toContain('web');
  }, 40_000);

  it('joins another service’s network namespace for service:<name>', async () => {
    const appId = fixture.appId();
    await sut.createNetwork(appId);
    const vpn = await sut.create(fixture.step(appId, 'vpn', { networkMode: 'app' }));
    const sidecar = await sut.create(fixture.step(appId, 'sidecar', { networkMode: 'service:vpn' }));

    expect((await inspect(fixture.docker, sidecar)).HostConfig.NetworkMode).toBe(`container:${vpn}`);
    await expect(sut.create(fixture.step(appId, 'orphan', { networkMode: 'service:nobody' }))).rejects.toThrow(
      'shares the network of service nobody, which has no container yet',
    );
  }, 30_000);

  it('removes the network twice without error, and refuses a foreign network with its name', async () => {
    const appId = fixture.appId();
    await sut.createNetwork(appId);
    await sut.removeNetwork(appId);
    await sut.removeNetwork(appId);
    expect((await sut.readCurrent()).networks.has(appId)).toBe(false);

    await fixture.docker.createNetwork({ Name: `gantry_${appId}`, Labels: { 'io.gantry.app': appId } });
    await expect(sut.createNetwork(appId)).rejects.toThrow(`network gantry_${appId} is not managed by Gantry`);
    await expect(sut.removeNetwork(appId)).rejects.toThrow('refusing to remove it');
    expect((await sut.readCurrent()).networks.has(appId)).toBe(false);
  }, 30_000);
});

describe('DockerRuntime app volumes', () => {
  const volumeSpec = { driver: 'local', driverOpts: {}, labels: { 'com.example.kind': 'frames' } };

  it('creates a labelled volume twice, mounts it, and removes it twice', async () => {
    const appId = fixture.appId();
    await sut.createVolume(appId, 'data', volumeSpec);
    await sut.createVolume(appId, 'data', volumeSpec);
    expect((await sut.readCurrent()).volumes).toContainEqual({ appId, name: 'data' });
    const info = await fixture.docker.getVolume(`gantry_${appId}_data`).inspect();
    expect(info.Labels).toEqual({ 'com.example.kind': 'frames', 'io.gantry.managed': 'default', 'io.gantry.app': appId, 'io.gantry.volume': 'data' });

    const writer = await sut.create(
      fixture.step(appId, 'writer', {
        command: ['sh', '-c', 'echo kept > /data/file; cat /data/file'],
        volumes: [{ type: 'volume', source: 'data', target: '/data' }, { type: 'tmpfs', target: '/scratch', sizeBytes: 1024 * 1024 }],
      }),
    );
    await sut.start(writer);
    await pollUntil(async () => (await inspect(fixture.docker, writer)).State.Status === 'exited', { what: 'the writer to exit' });
    expect(await output(writer)).toEqual(['kept']);

    await sut.remove(writer);
    await sut.removeVolume(appId, 'data');
    await sut.removeVolume(appId, 'data');
    expect((await sut.readCurrent()).volumes.filter((v) => v.appId === appId)).toEqual([]);
  }, 30_000);

  it('refuses to adopt or remove a foreign volume with a Gantry name', async () => {
    const appId = fixture.appId();
    const name = `gantry_${appId}_${uniqueName('v')}`;
    fixture.trackVolume(name);
    await fixture.docker.createVolume({ Name: name });
    const short = name.slice(`gantry_${appId}_`.length);

    await expect(sut.createVolume(appId, short, volumeSpec)).rejects.toThrow(`volume ${name} is not managed by Gantry`);
    await expect(sut.removeVolume(appId, short)).rejects.toThrow('refusing to remove it');
    await fixture.docker.getVolume(name).inspect();
  }, 30_000);
});
