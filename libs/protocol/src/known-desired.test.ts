import { describe, expect, it, vi } from 'vitest';
import { sampleMessage } from '../test/samples.js';
import { buildTopic, decodeFromTopic, encode, KnownDesiredDocuments, type DesiredMessage, type Message } from './index.js';

/** The sample desired message as gateway `deviceId` gets it, with its own envelope. */
function desiredFor(deviceId: string, edit: (message: DesiredMessage) => DesiredMessage = (m) => m): string {
  const encoded = encode('desired', edit({ ...sampleMessage('desired'), deviceId, id: `00000000-0000-4000-8000-${deviceId.replace(/\D/g, '').padStart(12, '0')}` }));
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.value;
}

function decoded(deviceId: string, payload: string, known: KnownDesiredDocuments): Message {
  const result = decodeFromTopic(buildTopic({ kind: 'desired', deviceId }), payload, { knownDesired: known });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.message;
}

describe('decoding desired messages with known documents', () => {
  it('gives every gateway of one document the same frozen value, each with its own envelope', () => {
    const known = new KnownDesiredDocuments();
    const first = decoded('gw-1', desiredFor('gw-1'), known);
    const second = decoded('gw-2', desiredFor('gw-2'), known);
    expect(second.body).toBe(first.body);
    expect(Object.isFrozen(first.body)).toBe(true);
    expect([first.deviceId, second.deviceId]).toEqual(['gw-1', 'gw-2']);
    expect(second).toEqual({ ...sampleMessage('desired'), deviceId: 'gw-2', id: second.id });
    expect(decodeFromTopic(buildTopic({ kind: 'desired', deviceId: 'gw-2' }), desiredFor('gw-2'))).toEqual({ ok: true, value: expect.objectContaining({ message: second }) as object });
  });

  it('parses only the envelope of a known document, not the document again', () => {
    const known = new KnownDesiredDocuments();
    decoded('gw-1', desiredFor('gw-1'), known);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      decoded('gw-2', desiredFor('gw-2'), known);
      expect(parse.mock.calls.map(([text]) => text)).toEqual([expect.not.stringContaining('"body"')]);
    } finally {
      parse.mockRestore();
    }
  });

  it('still checks the envelope of a known document', () => {
    const known = new KnownDesiredDocuments();
    decoded('gw-1', desiredFor('gw-1'), known);
    const result = decodeFromTopic(buildTopic({ kind: 'desired', deviceId: 'gw-2' }), desiredFor('gw-2').replace(/"ts":"[^"]+"/, '"ts":"yesterday"'), { knownDesired: known });
    expect(result.ok ? 'decoded' : result.error.issues[0]?.path).toBe('ts');
  });

  it('validates a document that differs by one character, and refuses it when it is invalid', () => {
    const known = new KnownDesiredDocuments();
    decoded('gw-1', desiredFor('gw-1'), known);
    const negative = desiredFor('gw-2').replace(/"version":(\d+)/, '"version":-$1');
    const result = decodeFromTopic(buildTopic({ kind: 'desired', deviceId: 'gw-2' }), negative, { knownDesired: known });
    expect(result.ok ? 'decoded' : result.error.code).toBe('invalid');
  });

  it('forgets the oldest document past its capacity', () => {
    const known = new KnownDesiredDocuments(1);
    const v1 = decoded('gw-1', desiredFor('gw-1'), known);
    decoded('gw-1', desiredFor('gw-1', (m) => ({ ...m, body: { ...m.body, version: m.body.version + 1 } })), known);
    expect(decoded('gw-2', desiredFor('gw-2'), known).body).not.toBe(v1.body);
  });

  it('refuses a capacity below one', () => {
    expect(() => new KnownDesiredDocuments(0)).toThrow(/at least 1/);
  });
});

describe('a known document in a payload written otherwise than the codec writes it', () => {
  const known = new KnownDesiredDocuments();
  decoded('gw-1', desiredFor('gw-1'), known);
  const payload = desiredFor('gw-2');
  const bodyAt = payload.indexOf(',"body":');
  const decode = (text: string) => {
    const result = decodeFromTopic(buildTopic({ kind: 'desired', deviceId: 'gw-2' }), text, { knownDesired: known });
    return result.ok ? 'decoded' : result.error.code;
  };

  it('is refused when the envelope before it is empty or broken', () => {
    expect(decode(`{${payload.slice(bodyAt)}`)).toBe('not-json');
    expect(decode(`${payload.slice(0, bodyAt)},${payload.slice(bodyAt)}`)).toBe('not-json');
  });

  it('is refused with anything after its closing brace', () => {
    expect(decode(`${payload}}`)).toBe('not-json');
  });

  it('is refused when the envelope has a "__proto__" key', () => {
    expect(decode(payload.replace('{', '{"__proto__":{},'))).toBe('invalid');
  });

  it('is taken as the last "body" member, as JSON.parse takes it', () => {
    const twice = payload.replace('{', '{"body":{"version":-1},');
    expect(JSON.parse(twice)).toEqual(JSON.parse(payload));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const result = decodeFromTopic(buildTopic({ kind: 'desired', deviceId: 'gw-2' }), twice, { knownDesired: known });
      expect(result.ok && result.value.message.body).toBe(decoded('gw-1', desiredFor('gw-1'), known).body);
      expect(parse.mock.calls[0]?.[0]).toBe(`${twice.slice(0, twice.indexOf(',"body":'))}}`);
    } finally {
      parse.mockRestore();
    }
  });
});
