import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startMosquitto } from './mosquitto.js';
import { startPostgres } from './postgres.js';

const run = promisify(execFile);

describe('startPostgres', () => {
  it('serves a fresh cluster on loopback, makes databases, and is gone after stop', async () => {
    const postgres = await startPostgres();
    try {
      const url = new URL(await postgres.createDatabase('kit'));
      expect(url.hostname).toBe('127.0.0.1');
      const { stdout } = await run('psql', [url.href, '-tAc', 'select current_database()']);
      expect(stdout.trim()).toBe(url.pathname.slice(1));
    } finally {
      await postgres.stop();
    }
    await expect(run('psql', [postgres.url, '-tAc', 'select 1'])).rejects.toThrow();
  }, 60_000);
});

describe('startMosquitto', () => {
  it('accepts MQTT connections on loopback until stopped', async () => {
    const broker = await startMosquitto();
    expect(await reachable(broker.port)).toBe(true);
    await broker.stop();
    expect(await reachable(broker.port)).toBe(false);
  });
});

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
