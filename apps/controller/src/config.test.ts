import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data on 127.0.0.1:8080', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: resolve('data'),
      database: { type: 'sqlite', path: resolve('data', 'gantry.db') },
      mqtt: { mode: 'embedded', host: '127.0.0.1', port: 1883, wsPath: '/mqtt' },
      adminPassword: undefined,
    });
  });

  it('switches to an external broker when MQTT_URL is set', () => {
    expect(loadConfig({ MQTT_URL: 'mqtt://ctl:secret@broker:1883' }).mqtt).toEqual({
      mode: 'external',
      url: 'mqtt://ctl:secret@broker:1883',
      shareGroup: 'gantry-controller',
    });
  });

  it('switches to PostgreSQL when DATABASE_URL is a postgres URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://gantry@db:5432/gantry', PORT: '9000', HOST: '0.0.0.0' });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://gantry@db:5432/gantry' });
    expect(config.port).toBe(9000);
    expect(config.host).toBe('0.0.0.0');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://db/gantry' }, /DATABASE_URL must start with postgres:\/\//],
    [{ MQTT_URL: 'http://broker' }, /MQTT_URL must start with mqtt:\/\//],
    [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD must be at least 12/],
    [{ EVENT_RETENTION_DAYS: '0' }, /EVENT_RETENTION_DAYS/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
