import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicesService } from '../src/devices/devices.service.js';
import { makeDataDir, startController } from './controller-app.js';
import { testDatabaseEnv } from './test-database.js';

describe('a controller restarted with its embedded broker', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    env = await testDatabaseEnv();
  });

  afterAll(async () => {
    await dataDir?.remove();
  });

  it('shows gateways that were online as offline until they reconnect, keeping when they were last seen', async () => {
    const first = await startController(dataDir.path, env);
    const seenAt = new Date('2026-01-02T03:04:05Z');
    await first.app.get(DevicesService).register({ id: 'gw-restart-1', name: 'was online', status: 'online', lastSeenAt: seenAt });
    await first.app.get(DevicesService).register({ id: 'gw-restart-2', name: 'was offline', status: 'offline' });
    const before = (await first.api('/devices/gw-restart-1')).body as { status: string; lastSeenAt: string | null };
    expect(before).toMatchObject({ status: 'online', lastSeenAt: seenAt.toISOString() });
    await first.close();

    const second = await startController(dataDir.path, env);
    try {
      const after = (await second.api('/devices/gw-restart-1')).body as { status: string; lastSeenAt: string | null };
      expect(after.status).toBe('offline');
      expect(after.lastSeenAt).toBe(before.lastSeenAt);
      expect(((await second.api('/devices/gw-restart-2')).body as { status: string }).status).toBe('offline');
    } finally {
      await second.close();
    }
  });
});
