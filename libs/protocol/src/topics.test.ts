import { describe, expect, it } from 'vitest';
import {
  agentSubscriptions,
  buildTopic,
  controllerSubscriptions,
  deviceFilter,
  fleetFilter,
  isUnderDevicePrefix,
  mayDevicePublish,
  mayDeviceSubscribe,
  parseTopic,
  sharedFilter,
  type TopicAddress,
} from './index.js';

const HOSTILE_IDS: ReadonlyArray<[string, string]> = [
  ['a level separator', 'a/b'],
  ['a single-level wildcard', '+'],
  ['a multi-level wildcard', '#'],
  ['a wildcard inside', 'gw+1'],
  ['a broker-internal name', '$SYS'],
  ['a NUL character', 'gw\u0000'],
  ['a newline', 'gw\n17'],
  ['a space', 'gw 17'],
  ['a Cyrillic lookalike', 'gw-1\u0437'],
  ['a fullwidth lookalike', '\uff47w-17'],
  ['a zero-width space', 'gw\u200b17'],
  ['upper case', 'GW-17'],
  ['a leading dot', '.hidden'],
  ['a leading dash', '-gw'],
  ['nothing', ''],
  ['64 characters', 'g'.repeat(64)],
];

describe('buildTopic', () => {
  it.each<[TopicAddress, string]>([
    [{ kind: 'desired', deviceId: 'gw-17' }, 'gantry/v1/gw-17/desired'],
    [{ kind: 'reported', deviceId: 'gw-17' }, 'gantry/v1/gw-17/reported'],
    [{ kind: 'status', deviceId: 'gw-17' }, 'gantry/v1/gw-17/status'],
    [{ kind: 'events', deviceId: 'gw-17' }, 'gantry/v1/gw-17/events'],
    [{ kind: 'telemetry', deviceId: 'gw-17' }, 'gantry/v1/gw-17/telemetry'],
    [{ kind: 'cmd', deviceId: 'gw-17', requestId: 'req-1' }, 'gantry/v1/gw-17/cmd/req-1'],
    [{ kind: 'cmd-res', deviceId: 'gw-17', requestId: 'req-1' }, 'gantry/v1/gw-17/cmd-res/req-1'],
  ])('builds %j as %s and parses it back', (address, topic) => {
    expect(buildTopic(address)).toBe(topic);
    expect(parseTopic(topic)).toEqual({ ok: true, value: address });
  });

  it('accepts a 63-character device id, the longest allowed', () => {
    const deviceId = `a${'b'.repeat(62)}`;
    expect(buildTopic({ kind: 'status', deviceId })).toBe(`gantry/v1/${deviceId}/status`);
  });

  it.each(HOSTILE_IDS)('refuses a device id with %s', (_what, deviceId) => {
    expect(() => buildTopic({ kind: 'status', deviceId })).toThrow(RangeError);
    expect(() => deviceFilter(deviceId)).toThrow(RangeError);
  });

  it.each([['a/b'], ['+'], ['#'], ['$x'], [''], ['r'.repeat(65)], ['r\u0000']])('refuses request id %j', (requestId) => {
    expect(() => buildTopic({ kind: 'cmd', deviceId: 'gw-17', requestId })).toThrow(RangeError);
  });
});

describe('parseTopic', () => {
  it.each(HOSTILE_IDS)('rejects a device level with %s without throwing', (_what, deviceId) => {
    const parsed = parseTopic(`gantry/v1/${deviceId}/status`);
    expect(parsed.ok).toBe(false);
  });

  it.each<[string, string]>([
    ['', 'malformed'],
    ['x'.repeat(300), 'malformed'],
    ['gantry', 'not-gantry'],
    ['other/v1/gw-17/status', 'not-gantry'],
    ['$SYS/broker/uptime', 'not-gantry'],
    ['gantry/vx/gw-17/status', 'not-gantry'],
    ['gantry/v2/gw-17/status', 'unsupported-version'],
    ['gantry/v1', 'invalid-device-id'],
    ['gantry/v1//status', 'invalid-device-id'],
    ['gantry/v1/gw-17', 'unknown-kind'],
    ['gantry/v1/gw-17/', 'unknown-kind'],
    ['gantry/v1/gw-17/shadow', 'unknown-kind'],
    ['gantry/v1/gw-17/Desired', 'unknown-kind'],
    ['gantry/v1/gw-17/desired/extra', 'malformed'],
    ['gantry/v1/gw-17/desired/', 'malformed'],
    ['gantry/v1/gw-17/cmd', 'invalid-request-id'],
    ['gantry/v1/gw-17/cmd/', 'invalid-request-id'],
    ['gantry/v1/gw-17/cmd/+', 'invalid-request-id'],
    ['gantry/v1/gw-17/cmd/req-1/more', 'malformed'],
  ])('rejects %j as %s', (topic, code) => {
    const parsed = parseTopic(topic);
    expect(parsed.ok ? 'parsed' : parsed.error.code).toBe(code);
  });

  it('names the offending topic in its error, with control characters escaped', () => {
    const parsed = parseTopic('gantry/v1/gw\n17/status');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.message).toContain('gw\\n17');
      expect(parsed.error.message).not.toContain('\n');
    }
  });

  it('tells a topic of another protocol major apart from garbage', () => {
    const parsed = parseTopic('gantry/v2/gw-17/status');
    expect(parsed.ok ? '' : parsed.error.message).toMatch(/protocol v2; this side speaks v1/);
  });
});

describe('subscription filters', () => {
  it('builds fleet-wide filters for the controller, with a level for request ids', () => {
    expect(fleetFilter('reported')).toBe('gantry/v1/+/reported');
    expect(fleetFilter('cmd-res')).toBe('gantry/v1/+/cmd-res/+');
  });

  it("builds a device's own filters", () => {
    expect(deviceFilter('gw-17')).toBe('gantry/v1/gw-17/#');
    expect(deviceFilter('gw-17', 'desired')).toBe('gantry/v1/gw-17/desired');
    expect(deviceFilter('gw-17', 'cmd')).toBe('gantry/v1/gw-17/cmd/+');
  });

  it('wraps a filter in a shared subscription and refuses a hostile group name', () => {
    expect(sharedFilter('controllers', fleetFilter('events'))).toBe('$share/controllers/gantry/v1/+/events');
    expect(() => sharedFilter('a/b', 'x')).toThrow(RangeError);
    expect(() => sharedFilter('', 'x')).toThrow(RangeError);
  });

  it('subscribes the agent to what the cloud sends it, and nothing else', () => {
    expect(agentSubscriptions('gw-17')).toEqual(['gantry/v1/gw-17/desired', 'gantry/v1/gw-17/cmd/+']);
  });

  it('subscribes the controller to everything gateways send, shared when replicated', () => {
    expect(controllerSubscriptions()).toEqual([
      'gantry/v1/+/reported',
      'gantry/v1/+/status',
      'gantry/v1/+/events',
      'gantry/v1/+/telemetry',
      'gantry/v1/+/cmd-res/+',
    ]);
    expect(controllerSubscriptions('ctl')).toContain('$share/ctl/gantry/v1/+/reported');
  });
});

describe('device prefix (broker ACL)', () => {
  it.each([
    'gantry/v1/gw-17/reported',
    'gantry/v1/gw-17/cmd-res/req-1',
    'gantry/v1/gw-17/#',
    'gantry/v1/gw-17/cmd/+',
    'gantry/v1/gw-17/+/x',
  ])('puts %s under gw-17', (topic) => {
    expect(isUnderDevicePrefix(topic, 'gw-17')).toBe(true);
  });

  it.each([
    ['another device', 'gantry/v1/gw-18/reported'],
    ['a device whose id extends ours', 'gantry/v1/gw-170/reported'],
    ['a wildcard at the device level', 'gantry/v1/+/reported'],
    ['a multi-level wildcard above the device', 'gantry/v1/#'],
    ['the bare prefix', 'gantry/v1/gw-17'],
    ['the prefix with a trailing slash only', 'gantry/v1/gw-17/'],
    ['an empty level below it', 'gantry/v1/gw-17//reported'],
    ['# not at the end', 'gantry/v1/gw-17/#/x'],
    ['a wildcard inside a level', 'gantry/v1/gw-17/rep+'],
    ['a NUL below it', 'gantry/v1/gw-17/reported\u0000'],
    ['a shared subscription', '$share/g/gantry/v1/gw-17/reported'],
    ['a broker topic', '$SYS/gantry/v1/gw-17/x'],
    ['another major', 'gantry/v2/gw-17/reported'],
  ])('does not put %s under gw-17', (_what, topic) => {
    expect(isUnderDevicePrefix(topic, 'gw-17')).toBe(false);
  });

  it('gives no prefix to an invalid device id', () => {
    expect(isUnderDevicePrefix('gantry/v1/+/reported', '+')).toBe(false);
    expect(isUnderDevicePrefix('gantry/v1/#', '#')).toBe(false);
  });

  it('lets a gateway publish only the kinds that flow edge to cloud, on its own topics', () => {
    expect(mayDevicePublish('gantry/v1/gw-17/reported', 'gw-17')).toBe(true);
    expect(mayDevicePublish('gantry/v1/gw-17/cmd-res/req-1', 'gw-17')).toBe(true);
    expect(mayDevicePublish('gantry/v1/gw-17/desired', 'gw-17')).toBe(false);
    expect(mayDevicePublish('gantry/v1/gw-17/cmd/req-1', 'gw-17')).toBe(false);
    expect(mayDevicePublish('gantry/v1/gw-18/reported', 'gw-17')).toBe(false);
    expect(mayDevicePublish('gantry/v1/gw-17/#', 'gw-17')).toBe(false);
  });

  it('lets a gateway subscribe under its own prefix only', () => {
    expect(mayDeviceSubscribe('gantry/v1/gw-17/#', 'gw-17')).toBe(true);
    expect(mayDeviceSubscribe('gantry/v1/+/desired', 'gw-17')).toBe(false);
  });
});
