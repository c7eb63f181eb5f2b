import { describe, expect, it } from 'vitest';
import { SAMPLE_BODIES, sampleMessage } from '../test/samples.js';
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  MESSAGE_KINDS,
  buildTopic,
  decode,
  decodeFromTopic,
  decodeMessage,
  encode,
  type MessageKind,
  type ProtocolError,
  type Result,
} from './index.js';

function encoded(kind: MessageKind): string {
  const result = encode(kind, sampleMessage(kind));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** The JSON of a sample message with `edit` applied to its parsed form. */
function edited(kind: MessageKind, edit: (message: Record<string, unknown> & { body: Record<string, unknown> }) => void): string {
  const message = JSON.parse(encoded(kind)) as Record<string, unknown> & { body: Record<string, unknown> };
  edit(message);
  return JSON.stringify(message);
}

function failure<T>(result: Result<T, ProtocolError>): ProtocolError {
  if (result.ok) throw new Error('expected a failure, got a value');
  return result.error;
}

describe('round trip', () => {
  it.each(MESSAGE_KINDS)('decodes an encoded %s message to an equal value', (kind) => {
    const message = sampleMessage(kind);
    const decoded = decode(kind, encoded(kind));
    expect(decoded).toEqual({ ok: true, value: message });
  });

  it.each(MESSAGE_KINDS)('decodes a %s message from UTF-8 bytes as from a string', (kind) => {
    expect(decode(kind, new TextEncoder().encode(encoded(kind)))).toEqual(decode(kind, encoded(kind)));
  });

  it.each(MESSAGE_KINDS)('infers the %s kind from the message itself', (kind) => {
    const decoded = decodeMessage(encoded(kind));
    expect(decoded.ok && decoded.value.kind).toBe(kind);
  });

  it('stamps messages with this side’s protocol version', () => {
    expect(sampleMessage('status').protocol).toBe('1.0');
  });
});

describe('decode rejects', () => {
  it.each([['{'], ['not json'], ['{"a":1}}'], ["{'single':'quotes'}"], ['']])('malformed JSON %j as not-json', (payload) => {
    expect(failure(decode('status', payload)).code).toBe('not-json');
  });

  it('bytes that are not UTF-8 as not-json', () => {
    expect(failure(decode('status', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).code).toBe('not-json');
  });

  it.each([['null'], ['42'], ['"status"'], ['[]'], ['true']])('JSON %s that is not an object, as invalid', (payload) => {
    expect(failure(decode('status', payload)).code).toBe('invalid');
  });

  it('a field of the wrong type, naming its path', () => {
    const error = failure(decode('reported', edited('reported', (m) => (m.body.ackedVersion = '3'))));
    expect(error.code).toBe('invalid');
    expect(error.issues).toContainEqual({ path: 'body.ackedVersion', message: expect.stringContaining('number') as string });
    expect(error.message).toContain('body.ackedVersion');
  });

  it('a missing field, saying it is required', () => {
    const error = failure(decode('desired', edited('desired', (m) => delete m.body.version)));
    expect(error.issues).toContainEqual({ path: 'body.version', message: 'is required (number)' });
  });

  it('a bad field deep inside an app manifest, with the full path', () => {
    const payload = edited('desired', (m) => {
      const apps = m.body.apps as { web: { manifest: { services: { web: { image: string } } } } };
      apps.web.manifest.services.web.image = '';
    });
    const error = failure(decode('desired', payload));
    expect(error.issues.map((issue) => issue.path)).toContain('body.apps.web.manifest.services.web.image');
  });

  it('a "__proto__" key anywhere, instead of letting the entry vanish silently', () => {
    const payload = encoded('desired').replace('"apps":{"web":', '"apps":{"__proto__":');
    expect(payload).toContain('"__proto__"');
    const error = failure(decode('desired', payload));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('__proto__');
    expect(Object.prototype).not.toHaveProperty('releaseId');
  });

  it('a "__proto__" key spelled with escapes, as JSON.parse reads it the same', () => {
    const payload = encoded('desired').replace('"apps":{"web":', String.raw`"apps":{"\u005f\u005fproto\u005f\u005f":`);
    expect(payload).not.toContain('__proto__');
    const error = failure(decode('desired', payload));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('__proto__');
  });

  it('a non-integer or negative version', () => {
    expect(failure(decode('desired', edited('desired', (m) => (m.body.version = 1.5)))).code).toBe('invalid');
    expect(failure(decode('desired', edited('desired', (m) => (m.body.version = -1)))).code).toBe('invalid');
  });

  it('a timestamp that is not UTC ISO 8601 with milliseconds', () => {
    for (const ts of ['2025-03-01T12:00:00Z', '2025-03-01T12:00:00.000+01:00', '1740830400000', 'yesterday']) {
      expect(failure(decode('status', edited('status', (m) => (m.ts = ts)))).issues[0]?.path).toBe('ts');
    }
  });

  it('an unknown major version, with a reason that says what to do', () => {
    const error = failure(decode('status', edited('status', (m) => (m.protocol = '2.0'))));
    expect(error.code).toBe('unsupported-version');
    expect(error.message).toBe(
      'protocol 2.0 is not supported by this side (speaks 1.x); upgrade this side to a release that speaks it',
    );
  });

  it('an unknown major version even when the rest of the message is unrecognisable', () => {
    const error = failure(decode('desired', '{"protocol":"2.0","kind":"desired","payload":[1,2,3]}'));
    expect(error.code).toBe('unsupported-version');
  });

  it.each([['1'], ['one'], [1], [null]])('a malformed protocol version %j as invalid', (protocol) => {
    const error = failure(decode('status', edited('status', (m) => (m.protocol = protocol))));
    expect(error.code).toBe('invalid');
    expect(error.issues[0]?.path).toBe('protocol');
  });

  it('a message of another kind than the one expected', () => {
    const error = failure(decode('desired', encoded('reported')));
    expect(error.code).toBe('wrong-kind');
    expect(error.message).toBe('expected a desired message, got a reported message');
  });

  it('an unknown kind', () => {
    expect(failure(decodeMessage(edited('status', (m) => (m.kind = 'shadow')))).issues[0]?.path).toBe('kind');
  });

  it('a hostile device id in the envelope', () => {
    for (const deviceId of ['a/b', '+', '#', '$SYS', 'gw\u0000', 'gw-1\u0437', '', 'g'.repeat(64)]) {
      expect(failure(decode('status', edited('status', (m) => (m.deviceId = deviceId)))).issues[0]?.path).toBe('deviceId');
    }
  });

  it('an events batch whose sequence numbers do not increase', () => {
    const payload = edited('events', (m) => {
      const [event] = m.body.events as unknown[];
      m.body.events = [event, event];
    });
    expect(failure(decode('events', payload)).issues).toContainEqual({
      path: 'body.events[1].seq',
      message: "must be greater than the previous event's seq (1)",
    });
  });

  it('a command without a timeout', () => {
    const error = failure(decode('cmd', edited('cmd', (m) => delete m.body.timeoutMs)));
    expect(error.issues).toContainEqual({ path: 'body.timeoutMs', message: 'is required (number)' });
  });

  it('a command of an unknown type', () => {
    expect(failure(decode('cmd', edited('cmd', (m) => (m.body.type = 'reboot')))).issues[0]?.path).toBe('body.type');
  });

  it('reports at most 20 issues however broken the message is', () => {
    const payload = edited('events', (m) => (m.body.events = Array.from({ length: 200 }, () => ({}))));
    expect(failure(decode('events', payload)).issues).toHaveLength(20);
  });
});

describe('size limit', () => {
  const oversized = `{"pad":"${'x'.repeat(DEFAULT_MAX_PAYLOAD_BYTES)}"}`;

  it('rejects a string payload over 256 KiB as too-large before parsing it', () => {
    expect(failure(decode('status', oversized)).code).toBe('too-large');
    // Not JSON at all, yet too-large: the size is checked before JSON.parse runs.
    expect(failure(decode('status', `{${'x'.repeat(DEFAULT_MAX_PAYLOAD_BYTES)}`)).code).toBe('too-large');
  });

  it('rejects a byte payload over the limit as too-large', () => {
    expect(failure(decode('status', new Uint8Array(DEFAULT_MAX_PAYLOAD_BYTES + 1))).code).toBe('too-large');
  });

  it('counts UTF-8 bytes, not characters', () => {
    const payload = encoded('status');
    const bytes = new TextEncoder().encode(payload).byteLength;
    const withEmoji = payload.replace('"body":', `"pad":"${'😀'.repeat(100)}","body":`);
    expect(decode('status', withEmoji, { maxBytes: bytes + 300 }).ok).toBe(false);
    expect(decode('status', withEmoji, { maxBytes: bytes + 420 }).ok).toBe(true);
  });

  it('takes a per-call limit and accepts a payload exactly at it', () => {
    const payload = encoded('status');
    const bytes = new TextEncoder().encode(payload).byteLength;
    expect(decode('status', payload, { maxBytes: bytes }).ok).toBe(true);
    expect(failure(decode('status', payload, { maxBytes: bytes - 1 })).code).toBe('too-large');
  });

  it('fails closed on a nonsensical limit', () => {
    expect(failure(decode('status', encoded('status'), { maxBytes: Number.NaN })).code).toBe('too-large');
  });

  it('refuses to encode a message over the limit, saying how large it is', () => {
    const error = failure(encode('status', sampleMessage('status'), { maxBytes: 100 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/^status message is \d+ bytes, over the 100-byte limit/);
  });
});

describe('forward compatibility', () => {
  it('accepts a higher minor of the same major and strips the fields it does not know', () => {
    const payload = edited('status', (m) => {
      m.protocol = '1.7';
      m.traceId = 'abc';
      m.body.uptimeMs = 5;
    });
    const decoded = decode('status', payload);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.protocol).toBe('1.7');
    expect(decoded.value).not.toHaveProperty('traceId');
    expect(decoded.value.body).toEqual(SAMPLE_BODIES.status);
  });

  it('keeps app manifests strict: an unknown manifest field is an error, not silently dropped', () => {
    const payload = edited('desired', (m) => {
      const apps = m.body.apps as { web: { manifest: { services: { web: Record<string, unknown> } } } };
      apps.web.manifest.services.web.gpus = 'all';
    });
    expect(failure(decode('desired', payload)).code).toBe('invalid');
  });
});

describe('encode', () => {
  it('refuses an invalid message instead of publishing it', () => {
    const message = { ...sampleMessage('cmd'), body: { type: 'restart' as const, app: 'web', service: 'web', timeoutMs: -1 } };
    const error = failure(encode('cmd', message));
    expect(error.code).toBe('invalid');
    expect(error.issues[0]?.path).toBe('body.timeoutMs');
  });

  it('leaves out fields the schema does not know', () => {
    const message = { ...sampleMessage('status'), extra: true };
    const result = encode('status', message);
    expect(result.ok && JSON.parse(result.value)).not.toHaveProperty('extra');
  });

  it('unchecked, writes what it is given, still within the size limit', () => {
    const message = { ...sampleMessage('cmd'), body: { type: 'restart' as const, app: 'web', service: 'web', timeoutMs: -1 } };
    const result = encode('cmd', message, { isChecked: false });
    expect(result.ok && JSON.parse(result.value)).toMatchObject({ body: { timeoutMs: -1 } });
    expect(failure(encode('cmd', message, { isChecked: false, maxBytes: 64 })).code).toBe('too-large');
  });
});

describe('decodeFromTopic', () => {
  const topicOf = (kind: MessageKind): string =>
    kind === 'cmd' || kind === 'cmd-res' ? buildTopic({ kind, deviceId: 'gw-1', requestId: 'req-1' }) : buildTopic({ kind, deviceId: 'gw-1' });

  it.each(MESSAGE_KINDS)('takes the %s kind from the topic and returns the address with the message', (kind) => {
    const decoded = decodeFromTopic(topicOf(kind), encoded(kind));
    expect(decoded).toEqual({ ok: true, value: { address: expect.objectContaining({ kind, deviceId: 'gw-1' }) as object, message: sampleMessage(kind) } });
  });

  it('rejects a payload whose kind differs from the topic’s', () => {
    expect(failure(decodeFromTopic('gantry/v1/gw-1/reported', encoded('status'))).code).toBe('wrong-kind');
  });

  it('rejects a message that claims another device than its topic', () => {
    const error = failure(decodeFromTopic('gantry/v1/gw-2/status', encoded('status')));
    expect(error.code).toBe('topic-mismatch');
    expect(error.issues[0]?.path).toBe('deviceId');
  });

  it('rejects a command whose id is not the request id of its topic', () => {
    expect(failure(decodeFromTopic('gantry/v1/gw-1/cmd/req-2', encoded('cmd'))).issues[0]?.path).toBe('id');
  });

  it('rejects a command result that does not answer the request of its topic', () => {
    expect(failure(decodeFromTopic('gantry/v1/gw-1/cmd-res/req-2', encoded('cmd-res'))).issues[0]?.path).toBe('parentId');
  });

  it.each([['gantry/v1/+/status'], ['gantry/v1/gw-1/#'], ['$SYS/x'], ['gantry/v2/gw-1/status'], ['']])(
    'rejects the topic %j as bad-topic',
    (topic) => {
      expect(failure(decodeFromTopic(topic, encoded('status'))).code).toBe('bad-topic');
    },
  );
});
