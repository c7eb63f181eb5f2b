import { getRepositoryToken } from '@nestjs/typeorm';
import { pollUntil } from '@gantry/test-kit';
import type { Repository } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device } from '../src/devices/device.entity.js';
import { DevicesService } from '../src/devices/devices.service.js';
import { hashSecret, newSecret } from '../src/devices/secrets.js';
import { MqttGateway } from '../src/mqtt/mqtt-gateway.js';
import { makeDataDir, startController, type RunningController } from './controller-app.js';
import { connectGateway } from './mqtt-harness.js';

describe('the whole controller serves MQTT', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let sut: RunningController;
  let tcpUrl: string;
  let wsUrl: string;
  const secrets = new Map<string, string>();

  async function metric(name: string): Promise<string | undefined> {
    const text = await (await fetch(new URL('/metrics', sut.baseUrl))).text();
    return text.split('\n').find((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
  }

  beforeAll(async () => {
    dataDir = await makeDataDir();
    sut = await startController(dataDir.path);
    const description = sut.app.get(MqttGateway).describe();
    tcpUrl = description.mode === 'embedded' ? description.tcpUrl : '';
    wsUrl = `${new URL(sut.baseUrl).origin.replace(/^http/, 'ws')}${description.mode === 'embedded' ? description.wsPath : ''}`;
    const rows = sut.app.get<Repository<Device>>(getRepositoryToken(Device));
    for (const id of ['gw-41', 'gw-42']) {
      const secret = newSecret();
      await sut.app.get(DevicesService).register({ id, name: id });
      await rows.update({ id }, { credentialHash: hashSecret(secret) });
      secrets.set(id, secret);
    }
  });

  afterAll(async () => {
    await sut.close();
    await dataDir.remove();
  });

  it('takes gateways over TCP and WebSocket with their credentials', async () => {
    const overTcp = await connectGateway(tcpUrl, 'gw-41', secrets.get('gw-41') ?? '');
    const overWs = await connectGateway(wsUrl, 'gw-42', secrets.get('gw-42') ?? '');
    try {
      expect(await pollUntil(async () => (await metric('gantry_gateways_connected')) === 'gantry_gateways_connected 2', { what: 'two sessions counted' })).toBe(true);
      await expect(connectGateway(tcpUrl, 'gw-41', 'wrong')).rejects.toMatchObject({ code: 4 });
      expect(await metric('gantry_mqtt_refusals_total')).toBe('gantry_mqtt_refusals_total{action="connect"} 1');
    } finally {
      await Promise.all([overTcp.endAsync(), overWs.endAsync()]);
    }
  });

  it('binds a free port when asked for port 0', () => {
    expect(sut.app.get(MqttGateway).isReady()).toBe(true);
    expect(tcpUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
    expect(tcpUrl).not.toMatch(/:1883$/);
  });
});
