import { buildTopic, createMessage, type CommandResult } from '@gantry/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MemoryBroker } from '../test-support/memory-mqtt.js';
import { CommandError } from './command-handlers.js';
import { DEVICE_ID, desired, desiredMessage, desiredTopic, fakeCommands, sendCommand, startSession, wire } from '../test-support/sync-harness.js';

/** The answer on `cmd-res/<requestId>`, once it is there. */
async function answerTo(broker: MemoryBroker, requestId: string): Promise<CommandResult> {
  const topic = buildTopic({ kind: 'cmd-res', deviceId: DEVICE_ID, requestId });
  await vi.waitFor(() => expect(broker.accepted.some((m) => m.topic === topic)).toBe(true));
  const answers = broker.messages('cmd-res').filter((m) => m.parentId === requestId);
  expect(answers).toHaveLength(1);
  const [answer] = answers;
  if (!answer) throw new Error('no answer');
  return answer.body;
}

describe('SyncSession: commands', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  async function start(options: Parameters<typeof startSession>[0] = {}) {
    const harness = await startSession(options);
    stops.push(harness.stop);
    await vi.waitFor(() => expect(harness.broker.subscriptions).toHaveLength(1));
    return harness;
  }

  it('answers logs with the newest lines of the service', async () => {
    const asked: unknown[] = [];
    const { broker } = await start({
      commands: fakeCommands({
        logs: async (request) => {
          asked.push(request);
          return { lines: ['a', 'b', 'c', 'd'].map((text) => ({ ts: new Date(0).toISOString(), stream: 'stderr' as const, text })), isTruncated: false };
        },
      }),
    });
    sendCommand(broker, 'req-logs', { type: 'logs', app: 'site', service: 'api', tail: 2, timeoutMs: 5_000 });
    expect(await answerTo(broker, 'req-logs')).toEqual({
      status: 'ok',
      result: { type: 'logs', isTruncated: true, lines: [expect.objectContaining({ text: 'c' }), expect.objectContaining({ text: 'd' })] },
    });
    expect(asked).toEqual([{ app: 'site', service: 'api', tail: 2 }]);
  });

  it('answers restart, and says which service it does not know', async () => {
    const { broker } = await start({
      commands: fakeCommands({
        restart: async ({ app, service }) => {
          if (service !== 'api') throw new CommandError('unknown-service', `app '${app}' has no service '${service}'`);
          return { containerId: '0123456789ab', restartedAt: new Date(0).toISOString() };
        },
      }),
    });
    sendCommand(broker, 'req-restart', { type: 'restart', app: 'site', service: 'api', timeoutMs: 5_000 });
    sendCommand(broker, 'req-nope', { type: 'restart', app: 'site', service: 'db', timeoutMs: 5_000 });
    expect(await answerTo(broker, 'req-restart')).toEqual({ status: 'ok', result: { type: 'restart', containerId: '0123456789ab', restartedAt: new Date(0).toISOString() } });
    expect(await answerTo(broker, 'req-nope')).toEqual({
      status: 'error',
      type: 'restart',
      error: { code: 'unknown-service', message: "app 'site' has no service 'db'" },
    });
  });

  it('answers resync after reconciling, with the acked version, and sends a fresh report', async () => {
    const { broker, session } = await start();
    broker.publish(desiredTopic, wire('desired', desiredMessage(desired(3))));
    await vi.waitFor(() => expect(broker.messages('reported').at(-1)?.body.target.state).toBe('converged'));
    await session.idle();
    const reports = session.counters().reportsSent;
    sendCommand(broker, 'req-resync', { type: 'resync', timeoutMs: 5_000 });
    expect(await answerTo(broker, 'req-resync')).toEqual({ status: 'ok', result: { type: 'resync', ackedVersion: 3, stepsPlanned: 0 } });
    await session.idle();
    expect(session.counters().reportsSent).toBe(reports + 1);
  });

  it('answers diagnostics with the doctor findings and what waits in the outbox', async () => {
    const { broker, outbox, session, supervisor } = await start();
    await supervisor.idle();
    await session.idle();
    broker.withholdPuback = (m) => m.topic.endsWith('/events');
    await outbox.append([{ type: 'service.removed', detail: { app: 'site', service: 'api', containerId: '0123456789ab' } }]);
    sendCommand(broker, 'req-diag', { type: 'diagnostics', timeoutMs: 5_000 });
    expect(await answerTo(broker, 'req-diag')).toEqual({
      status: 'ok',
      result: {
        type: 'diagnostics',
        agentVersion: '1.2.3',
        uptimeMs: 5_000,
        dockerVersion: '24.0.7',
        cgroupVersion: 2,
        outbox: { reported: 0, events: 1, telemetry: 0 },
        checks: [{ name: 'docker', isOk: true }],
      },
    });
  });

  it('answers a command that outlives its timeout with a timeout error, and aborts it', async () => {
    let signal: AbortSignal | undefined;
    const { broker, clock, session } = await start({
      commands: fakeCommands({
        diagnostics: (given) => {
          signal = given;
          return new Promise(() => undefined);
        },
      }),
    });
    sendCommand(broker, 'req-slow', { type: 'diagnostics', timeoutMs: 2_000 });
    await vi.waitFor(() => expect(signal).toBeDefined());
    await clock.advance(1_999);
    expect(broker.messages('cmd-res')).toEqual([]);
    await clock.advance(1);
    expect(await answerTo(broker, 'req-slow')).toEqual({
      status: 'error',
      type: 'diagnostics',
      error: { code: 'timeout', message: 'diagnostics did not finish within 2000 ms' },
    });
    expect(signal?.aborted).toBe(true);
    expect(session.counters().commandsTimedOut).toBe(1);
  });

  it('answers an unknown or malformed command with invalid-request, on its own result topic', async () => {
    const { broker, session } = await start();
    const topic = buildTopic({ kind: 'cmd', deviceId: DEVICE_ID, requestId: 'req-reboot' });
    const reboot = { ...createMessage('cmd', { type: 'resync', timeoutMs: 1_000 }, { deviceId: DEVICE_ID, id: 'req-reboot' }), body: { type: 'reboot', timeoutMs: 1_000 } };
    broker.publish(topic, JSON.stringify(reboot));
    broker.publish(buildTopic({ kind: 'cmd', deviceId: DEVICE_ID, requestId: 'req-garbage' }), 'not json');
    const answer = await answerTo(broker, 'req-reboot');
    expect(answer).toMatchObject({ status: 'error', error: { code: 'invalid-request', message: expect.stringMatching(/^the command is invalid: cmd message is invalid: body\.type/) } });
    expect(answer).not.toHaveProperty('type');
    expect(await answerTo(broker, 'req-garbage')).toMatchObject({ status: 'error', error: { code: 'invalid-request' } });
    expect(session.counters().commandsInvalid).toBe(2);
  });

  it('runs a command delivered twice only once', async () => {
    let restarts = 0;
    const { broker, session } = await start({
      commands: fakeCommands({
        restart: async () => {
          restarts += 1;
          return { containerId: '0123456789ab', restartedAt: new Date(0).toISOString() };
        },
      }),
    });
    sendCommand(broker, 'req-once', { type: 'restart', app: 'site', service: 'api', timeoutMs: 5_000 });
    sendCommand(broker, 'req-once', { type: 'restart', app: 'site', service: 'api', timeoutMs: 5_000 });
    await answerTo(broker, 'req-once');
    await session.idle();
    expect(restarts).toBe(1);
    expect(session.counters().commandsReceived).toBe(2);
  });

  it('answers busy when too many commands already run', async () => {
    const { broker } = await start({
      session: { maxConcurrentCommands: 1 },
      commands: fakeCommands({ diagnostics: () => new Promise(() => undefined) }),
    });
    sendCommand(broker, 'req-first', { type: 'diagnostics', timeoutMs: 60_000 });
    sendCommand(broker, 'req-second', { type: 'restart', app: 'site', service: 'api', timeoutMs: 5_000 });
    expect(await answerTo(broker, 'req-second')).toMatchObject({ status: 'error', type: 'restart', error: { code: 'busy' } });
  });
});
