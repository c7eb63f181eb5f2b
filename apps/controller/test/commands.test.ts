import { buildTopic, createMessage, decodeFromTopic, deviceFilter, encode, type Command, type CommandResult } from '@gantry/protocol';
import { pollUntil, startMosquitto, type LocalMosquitto } from '@gantry/test-kit';
import type { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_GRACE_MS } from '../src/commands/commands.service.js';
import { MqttGateway } from '../src/mqtt/mqtt-gateway.js';
import { Device } from '../src/devices/device.entity.js';
import { DevicesService } from '../src/devices/devices.service.js';
import { makeDataDir, startController, type RunningController } from './controller-app.js';
import { connectGateway, type TestGateway } from './gateway-client.js';
import { playGateway, type PlayedGateway } from './played-gateway.js';
import { testDatabaseEnv } from './test-database.js';

/** A command as the gateway received it, with its envelope ids. */
interface Received {
  command: Command;
  id: string;
  requestId: string;
}

/** How the gateway answers a command: a result to send now, or `hold` to keep it for later. */
type Answer = CommandResult | 'hold';

/**
 * Makes a played gateway answer its commands as the agent does: on `cmd-res/<requestId>`,
 * with the request id as `parentId`. Held commands can be answered later with `answer`.
 */
async function answerCommands(client: MqttClient, deviceId: string, respond: (command: Command) => Answer) {
  const received: Received[] = [];
  const held = new Map<string, Command>();
  const answer = async (requestId: string, result: CommandResult): Promise<void> => {
    const encoded = encode('cmd-res', createMessage('cmd-res', result, { deviceId, parentId: requestId }));
    if (!encoded.ok) throw new Error(`test built an invalid cmd-res: ${encoded.error.message}`);
    await client.publishAsync(buildTopic({ kind: 'cmd-res', deviceId, requestId }), encoded.value, { qos: 1 });
  };
  client.on('message', (topic, payload) => {
    const decoded = decodeFromTopic(topic, payload);
    if (!decoded.ok || decoded.value.message.kind !== 'cmd' || decoded.value.address.kind !== 'cmd') return;
    const { message, address } = decoded.value;
    received.push({ command: message.body, id: message.id, requestId: address.requestId });
    const result = respond(message.body);
    if (result === 'hold') held.set(address.requestId, message.body);
    else void answer(address.requestId, result);
  });
  await client.subscribeAsync(deviceFilter(deviceId, 'cmd'), { qos: 1 });
  return { received, held, answer };
}

async function metricsText(controller: RunningController): Promise<string> {
  return (await fetch(controller.baseUrl.replace('/api/v1', '/metrics'))).text();
}

function counter(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('commands to gateways over REST', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let controller: RunningController;
  let gateway: PlayedGateway;
  let commands: Awaited<ReturnType<typeof answerCommands>>;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    controller = await startController(dataDir.path);
    // 'silent': this gateway answers commands, not desired states.
    gateway = await playGateway(controller, 'gw-cmd-1', { site: 'lab' }, 'silent');
    commands = await answerCommands(gateway.session.client, gateway.id, (command) => {
      switch (command.type) {
        case 'logs':
          return {
            status: 'ok',
            result: { type: 'logs', lines: [{ ts: '2026-11-23T04:00:00.000Z', stream: 'stdout', text: `last line of ${command.service}` }], isTruncated: false },
          };
        case 'restart':
          return { status: 'error', type: 'restart', error: { code: 'unknown-service', message: `gateway gw-cmd-1 runs no service ${command.service} of app ${command.app}` } };
        case 'resync':
        case 'diagnostics':
          return 'hold';
      }
    });
  });

  afterAll(async () => {
    await gateway?.session.close();
    await controller?.close();
    await dataDir?.remove();
  });

  it("answers 200 with the gateway's logs, sent with the request id as envelope id and a default timeout", async () => {
    const before = counter(await metricsText(controller), 'gantry_commands_total', 'type="logs",outcome="ok"');
    const response = await controller.api('/devices/gw-cmd-1/commands', { method: 'POST', body: { type: 'logs', app: 'web', service: 'api', tail: 50 } });
    expect(response).toMatchObject({
      status: 200,
      body: { status: 'ok', result: { type: 'logs', lines: [{ ts: '2026-11-23T04:00:00.000Z', stream: 'stdout', text: 'last line of api' }], isTruncated: false } },
    });
    const sent = commands.received.at(-1);
    expect(sent?.command).toEqual({ type: 'logs', app: 'web', service: 'api', tail: 50, timeoutMs: 30_000 });
    expect(sent?.id).toBe(sent?.requestId);
    expect(counter(await metricsText(controller), 'gantry_commands_total', 'type="logs",outcome="ok"')).toBe(before + 1);
  });

  it("passes the gateway's error answer through as it was sent", async () => {
    const response = await controller.api('/devices/gw-cmd-1/commands', { method: 'POST', body: { type: 'restart', app: 'web', service: 'ghost', timeoutMs: 5_000 } });
    expect(response).toEqual(
      expect.objectContaining({
        status: 200,
        body: { status: 'error', type: 'restart', error: { code: 'unknown-service', message: 'gateway gw-cmd-1 runs no service ghost of app web' } },
      }),
    );
    expect(counter(await metricsText(controller), 'gantry_commands_total', 'type="restart",outcome="error"')).toBe(1);
  });

  it('answers 504 when the gateway does not answer in time, and drops and counts its late answer', async () => {
    const started = Date.now();
    const response = await controller.api('/devices/gw-cmd-1/commands', { method: 'POST', body: { type: 'diagnostics', timeoutMs: 200 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200 + ANSWER_GRACE_MS - 50);
    expect(response.status).toBe(504);
    expect(response.body).toEqual({ error: 'command-timed-out', message: expect.stringMatching(/^gateway gw-cmd-1 did not answer the diagnostics command within 2200 ms/) });
    expect(counter(await metricsText(controller), 'gantry_commands_total', 'type="diagnostics",outcome="timeout"')).toBe(1);

    const requestId = [...commands.held.keys()].at(-1);
    if (requestId === undefined) throw new Error('the gateway never received the diagnostics command');
    const dropped = () => metricsText(controller).then((text) => counter(text, 'gantry_mqtt_invalid_payloads_total', 'reason="late-command-result"'));
    expect(await dropped()).toBe(0);
    await commands.answer(requestId, {
      status: 'ok',
      result: { type: 'diagnostics', agentVersion: '0.1.0', uptimeMs: 5, dockerVersion: null, cgroupVersion: 2, outbox: { reported: 0, events: 0, telemetry: 0 }, checks: [] },
    });
    await pollUntil(async () => (await dropped()) === 1, { what: 'the late answer counted as dropped' });
  });

  it('drops and counts an answer to a request nobody sent', async () => {
    const unknown = () => metricsText(controller).then((text) => counter(text, 'gantry_mqtt_invalid_payloads_total', 'reason="unknown-command-result"'));
    expect(await unknown()).toBe(0);
    await commands.answer('never-sent-1', { status: 'error', error: { code: 'internal', message: 'stray' } });
    await pollUntil(async () => (await unknown()) === 1, { what: 'the stray answer counted as dropped' });
  });

  it('answers a command the gateway holds once the answer arrives, within the timeout', async () => {
    const pending = controller.api('/devices/gw-cmd-1/commands', { method: 'POST', body: { type: 'resync', timeoutMs: 10_000 } });
    const received = await pollUntil(() => commands.received.find((entry) => entry.command.type === 'resync'), { what: 'the resync at the gateway' });
    await commands.answer(received.requestId, { status: 'ok', result: { type: 'resync', ackedVersion: 1, stepsPlanned: 0 } });
    expect(await pending).toMatchObject({ status: 200, body: { status: 'ok', result: { type: 'resync', ackedVersion: 1, stepsPlanned: 0 } } });
  });

  it('answers 409 for an offline gateway, saying since when', async () => {
    const devices = controller.app.get(DevicesService);
    await devices.register({ id: 'gw-cmd-never', name: 'never connected' });
    const never = await controller.api('/devices/gw-cmd-never/commands', { method: 'POST', body: { type: 'diagnostics' } });
    expect(never).toMatchObject({ status: 409, body: { error: 'device-offline', message: expect.stringContaining('gateway gw-cmd-never has never connected') } });

    const gone = await playGateway(controller, 'gw-cmd-gone', {}, 'silent');
    gone.session.crash();
    const repository = controller.app.get(DataSource).getRepository(Device);
    const offline = await pollUntil(async () => {
      const row = await repository.findOneBy({ id: 'gw-cmd-gone' });
      return row?.status === 'offline' ? row : undefined;
    }, { what: 'gw-cmd-gone offline' });
    const response = await controller.api('/devices/gw-cmd-gone/commands', { method: 'POST', body: { type: 'resync' } });
    expect(response).toMatchObject({ status: 409, body: { error: 'device-offline', message: expect.stringContaining(`gateway gw-cmd-gone is offline since ${offline.lastSeenAt?.toISOString()}`) } });
  });

  it('answers 404 for an unknown gateway and 409 for a revoked one', async () => {
    expect(await controller.api('/devices/gw-cmd-nobody/commands', { method: 'POST', body: { type: 'resync' } })).toMatchObject({ status: 404, body: { error: 'device-not-found' } });
    await controller.app.get(DevicesService).register({ id: 'gw-cmd-revoked', name: 'revoked', status: 'online' });
    expect((await controller.api('/devices/gw-cmd-revoked/revoke', { method: 'POST' })).status).toBe(201);
    expect(await controller.api('/devices/gw-cmd-revoked/commands', { method: 'POST', body: { type: 'resync' } })).toMatchObject({
      status: 409,
      body: { error: 'device-revoked', message: expect.stringContaining('gateway gw-cmd-revoked was revoked at') },
    });
  });

  it.each([
    [{ type: 'logs', app: 'web', service: 'api' }, 'tail'],
    [{ type: 'logs', app: 'web', service: 'api', tail: 0 }, 'tail'],
    [{ type: 'reboot' }, 'type'],
    [{ type: 'restart', app: 'web' }, 'service'],
    [{ type: 'resync', timeoutMs: 50 }, 'timeoutMs'],
    [{ type: 'diagnostics', timeoutMs: 'soon' }, 'timeoutMs'],
  ])('answers 400 naming the field for %j, and sends nothing', async (body, path) => {
    const sent = commands.received.length;
    const response = await controller.api('/devices/gw-cmd-1/commands', { method: 'POST', body });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid-request', issues: [{ path, message: expect.any(String) }] } });
    expect(commands.received.length).toBe(sent);
  });

  it('answers 400 naming a field the command does not have', async () => {
    const response = await controller.api('/devices/gw-cmd-1/commands', { method: 'POST', body: { type: 'resync', force: true } });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid-request', issues: [{ message: expect.stringContaining('force') }] } });
  });

  it('documents the route in OpenAPI', async () => {
    const document = (await (await fetch(controller.baseUrl.replace('/api/v1', '/api/docs/openapi.json'))).json()) as { paths: Record<string, { post?: { tags?: string[]; responses?: Record<string, unknown> } }> };
    const route = document.paths['/api/v1/devices/{id}/commands']?.post;
    expect(route?.tags).toEqual(['commands']);
    expect(Object.keys(route?.responses ?? {}).toSorted()).toEqual(['200', '400', '404', '409', '504']);
  });
});

describe('commands through an external broker with two controller replicas', () => {
  let broker: LocalMosquitto;
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let replicas: RunningController[];
  let gateway: TestGateway;

  beforeAll(async () => {
    broker = await startMosquitto();
    dataDir = await makeDataDir();
    // One database, as replicas share: on PostgreSQL each start would otherwise get its own.
    const env = { MQTT_URL: broker.url, MQTT_SHARE_GROUP: 'replicas', ...(await testDatabaseEnv()) };
    // Started one after the other so migrations run once.
    replicas = [await startController(dataDir.path, env)];
    replicas.push(await startController(dataDir.path, env));
    await pollUntil(() => replicas.every((replica) => replica.app.get(MqttGateway).isReady()), { what: 'both replicas subscribed' });
    await replicas[0]?.app.get(DevicesService).register({ id: 'gw-ext-1', name: 'external', status: 'online' });
    gateway = await connectGateway({ url: broker.url, deviceId: 'gw-ext-1', password: 'anonymous-broker' });
    await answerCommands(gateway.client, 'gw-ext-1', () => ({ status: 'ok', result: { type: 'resync', ackedVersion: 0, stepsPlanned: 0 } }));
  });

  afterAll(async () => {
    await gateway?.close();
    for (const replica of replicas ?? []) await replica.close();
    await broker?.stop();
    await dataDir?.remove();
  });

  it('answers on the replica that sent the command; the other hears the answer and ignores it', async () => {
    for (const replica of replicas) {
      expect(await replica.api('/devices/gw-ext-1/commands', { method: 'POST', body: { type: 'resync' } })).toMatchObject({
        status: 200,
        body: { status: 'ok', result: { type: 'resync', ackedVersion: 0, stepsPlanned: 0 } },
      });
    }
    // Every replica subscribes to every answer (not through the shared group), so both hear both.
    for (const replica of replicas) {
      await pollUntil(async () => counter(await metricsText(replica), 'gantry_mqtt_messages_in_total', 'kind="cmd-res"') === 2, { what: 'both answers at every replica' });
      const text = await metricsText(replica);
      expect(counter(text, 'gantry_mqtt_invalid_payloads_total', 'reason="unknown-command-result"')).toBe(0);
      expect(counter(text, 'gantry_mqtt_invalid_payloads_total', 'reason="late-command-result"')).toBe(0);
      expect(counter(text, 'gantry_commands_total', 'type="resync",outcome="ok"')).toBe(1);
    }
  });
});
