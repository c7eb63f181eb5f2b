import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('gives every default when the default file is absent', async () => {
    const config = await loadConfig(undefined, {});
    expect(config).toMatchObject({
      dataDir: '/var/lib/gantry',
      instance: 'default',
      updateStrategy: 'download-then-kill',
    });
    expect(config.resyncInterval).toBe(30_000);
    expect(config.healthyWithin).toBe(120_000);
    expect(config.telemetryInterval).toBe(60_000);
    expect(config.reserve).toEqual({ memory: 256 * 1024 * 1024, cpus: 250_000_000, pids: 512 });
  });

  it('reads quantities in people’s units from the file, and environment overrides win', async () => {
    const file = join(dir, 'agent.yaml');
    await writeFile(file, 'dataDir: /srv/gantry\nreserve: { memory: 1Gi, cpus: "0.5" }\nresyncInterval: 1m\npolicy: { allowDevices: [/dev/ttyUSB*] }\n');
    const config = await loadConfig(file, { GANTRY_DATA_DIR: '/tmp/other', GANTRY_HEALTHY_WITHIN: '90s' });
    expect(config.dataDir).toBe('/tmp/other');
    expect(config.reserve).toEqual({ memory: 1024 ** 3, cpus: 500_000_000, pids: 512 });
    expect(config.resyncInterval).toBe(60_000);
    expect(config.healthyWithin).toBe(90_000);
    expect(config.policy.allowDevices).toEqual(['/dev/ttyUSB*']);
  });

  it('reads the telemetry interval from the file and GANTRY_TELEMETRY_INTERVAL, 0s turning it off', async () => {
    const file = join(dir, 'agent.yaml');
    await writeFile(file, 'telemetryInterval: 15s\n');
    expect((await loadConfig(file, {})).telemetryInterval).toBe(15_000);
    expect((await loadConfig(file, { GANTRY_TELEMETRY_INTERVAL: '0s' })).telemetryInterval).toBe(0);
    await writeFile(file, 'telemetryInterval: 0\n');
    expect((await loadConfig(file, {})).telemetryInterval).toBe(0);
  });

  it.each(['200ms', '25h', 'often'])('refuses the telemetry interval %j, naming the field', async (value) => {
    const file = join(dir, 'agent.yaml');
    await writeFile(file, '{}\n');
    await expect(loadConfig(file, { GANTRY_TELEMETRY_INTERVAL: value })).rejects.toThrow(/telemetryInterval \(from GANTRY_TELEMETRY_INTERVAL\): (must be 0s|.*not a duration)/);
  });

  it('blames the environment, not an absent file, for a bad override', async () => {
    const error = await loadConfig(undefined, { GANTRY_RESYNC_INTERVAL: 'soon' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/^ConfigError: invalid config from the environment\n {2}resyncInterval \(from GANTRY_RESYNC_INTERVAL\): .*not a duration/);
    expect(String(error)).not.toContain('agent.yaml');
  });

  it('names the file and the variable when both hold a bad value', async () => {
    const file = join(dir, 'agent.yaml');
    await writeFile(file, 'updateStrategy: yolo\n');
    const error = await loadConfig(file, { GANTRY_HEALTHY_WITHIN: 'never' }).catch((e: unknown) => e);
    expect(String(error)).toContain(`${file}: invalid config`);
    expect(String(error)).toMatch(/updateStrategy: /);
    expect(String(error)).toMatch(/healthyWithin \(from GANTRY_HEALTHY_WITHIN\): /);
  });

  it('says a file that is not YAML is not YAML', async () => {
    const file = join(dir, 'agent.yaml');
    await writeFile(file, 'dataDir: [unclosed\n');
    await expect(loadConfig(file, {})).rejects.toThrow(`${file} is not valid YAML: `);
  });

  it('says what is wrong and where in a bad file', async () => {
    const file = join(dir, 'agent.yaml');
    await writeFile(file, 'reserve: { memory: 12 parsecs }\nupdateStrategy: yolo\nunknownKey: 1\n');
    await expect(loadConfig(file, {})).rejects.toThrow(/reserve\.memory: .*not a size[\s\S]*updateStrategy: [\s\S]*unknownKey/);
  });

  it('fails when a named config file is missing, instead of running on defaults', async () => {
    await expect(loadConfig(join(dir, 'nope.yaml'), {})).rejects.toThrow(/cannot read config .*nope\.yaml/);
  });
});
