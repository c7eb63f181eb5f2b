import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceIdArb, topicAddressArb } from '../test/arbitraries.js';
import { buildTopic, isUnderDevicePrefix, mayDevicePublish, parseTopic } from './index.js';

describe('topic properties', () => {
  it('parses every built topic back to its address', () => {
    fc.assert(
      fc.property(topicAddressArb, (address) => {
        expect(parseTopic(buildTopic(address))).toEqual({ ok: true, value: address });
      }),
      { numRuns: 1_000 },
    );
  });

  it('builds every parsable string back to itself, so a topic has exactly one spelling', () => {
    const topicLike = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.array(fc.oneof(fc.constantFrom('gantry', 'v1', 'gw-1', 'cmd', 'status', '+', '#', '', 'req-1'), fc.string({ maxLength: 6 })), { maxLength: 6 }).map((levels) => levels.join('/')),
    );
    fc.assert(
      fc.property(topicLike, (topic) => {
        const parsed = parseTopic(topic);
        if (parsed.ok) expect(buildTopic(parsed.value)).toBe(topic);
      }),
      { numRuns: 2_000 },
    );
  });

  it('puts a topic under at most one device prefix', () => {
    fc.assert(
      fc.property(topicAddressArb, deviceIdArb, (address, other) => {
        const topic = buildTopic(address);
        expect(isUnderDevicePrefix(topic, address.deviceId)).toBe(true);
        if (other !== address.deviceId) expect(isUnderDevicePrefix(topic, other)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never lets a device publish on a topic that parses to another device', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), deviceIdArb, (suffix, deviceId) => {
        const topic = `gantry/v1/${suffix}`;
        if (mayDevicePublish(topic, deviceId)) {
          const parsed = parseTopic(topic);
          expect(parsed.ok && parsed.value.deviceId).toBe(deviceId);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
