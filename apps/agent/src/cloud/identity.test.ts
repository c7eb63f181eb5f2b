import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlreadyEnrolledError, IdentityFileError, createIdentity, identityPath, readIdentity, type Identity } from './identity.js';

const IDENTITY: Identity = {
  controllerUrl: 'https://gantry.example.com',
  deviceId: 'gw-17',
  name: 'Line 3',
  labels: { site: 'berlin' },
  mqtt: { urls: ['mqtts://gantry.example.com:8883', 'wss://gantry.example.com/mqtt'], username: 'gw-17', password: 'a-secret-of-sixteen-or-more' },
  enrolledAt: '2026-05-01T10:00:00.000Z',
};

describe('the identity file', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'gantry-identity-')), 'data');
  });

  afterEach(async () => {
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('reads as absent before enrollment (local mode)', async () => {
    expect(await readIdentity(dataDir)).toBeUndefined();
  });

  it('is stored with mode 0600 and read back as written', async () => {
    const path = await createIdentity(dataDir, IDENTITY);

    expect(path).toBe(identityPath(dataDir));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readIdentity(dataDir)).toEqual(IDENTITY);
    expect(await readdir(dataDir)).toEqual(['identity.json']);
  });

  it('is never replaced: a second enrollment is refused and the first identity stays', async () => {
    await createIdentity(dataDir, IDENTITY);

    const second = createIdentity(dataDir, { ...IDENTITY, deviceId: 'gw-18' });

    await expect(second).rejects.toThrow(AlreadyEnrolledError);
    await expect(second).rejects.toThrow(/already enrolled as gw-17 with https:\/\/gantry.example.com/);
    expect((await readIdentity(dataDir))?.deviceId).toBe('gw-17');
    expect(await readdir(dataDir)).toEqual(['identity.json']);
  });

  it.each([
    ['not JSON', '{"deviceId":', /is not JSON/],
    ['a secret that is too short', JSON.stringify({ ...IDENTITY, mqtt: { ...IDENTITY.mqtt, password: 'short' } }), /mqtt\.password/],
    ['an unknown field', JSON.stringify({ ...IDENTITY, extra: 1 }), /not a valid gateway identity/],
    ['a broker URL of another scheme', JSON.stringify({ ...IDENTITY, mqtt: { ...IDENTITY.mqtt, urls: ['http://x'] } }), /mqtt\.urls\.0/],
  ])('refuses a file holding %s, saying to enroll again', async (_what, body, message) => {
    await createIdentity(dataDir, IDENTITY);
    await writeFile(identityPath(dataDir), body);

    const read = readIdentity(dataDir);

    await expect(read).rejects.toThrow(IdentityFileError);
    await expect(read).rejects.toThrow(message);
    await expect(read).rejects.toThrow(/enroll again/);
  });
});
