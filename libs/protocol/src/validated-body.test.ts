import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../test/samples.js';
import { createEnvelope, encode, encodeWithBody, validateBody, ValidatedBody, type DesiredMessage } from './index.js';

function validated(message: DesiredMessage): ValidatedBody<'desired'> {
  const body = validateBody('desired', message.body);
  if (!body.ok) throw new Error(body.error.message);
  return body.value;
}

describe('encodeWithBody', () => {
  it('gives the very JSON encode gives for the whole message', () => {
    const message = sampleMessage('desired');
    const { body, kind, ...envelope } = message;
    expect(kind).toBe('desired');
    expect(encodeWithBody(envelope, validated(message))).toEqual(encode('desired', message));
    const answer = sampleMessage('reported');
    const reported = validateBody('reported', answer.body);
    expect(reported.ok && encodeWithBody({ ...answer, parentId: 'f2d9c1de-43c2-4a8e-9f3c-8b0f2f5d1e7a' }, reported.value)).toEqual(
      encode('reported', { ...answer, parentId: 'f2d9c1de-43c2-4a8e-9f3c-8b0f2f5d1e7a' }),
    );
    expect(body).toBe(message.body);
  });

  it('checks the envelope of every message', () => {
    const body = validated(sampleMessage('desired'));
    const result = encodeWithBody({ ...createEnvelope({ deviceId: 'gw-1' }), deviceId: 'Not Valid!' }, body);
    expect(result.ok ? 'encoded' : result.error).toMatchObject({ code: 'invalid', issues: [{ path: 'deviceId' }] });
  });

  it('holds every message to the size limit', () => {
    const body = validated(sampleMessage('desired'));
    const short = encodeWithBody(createEnvelope({ deviceId: 'gw-1' }), body);
    const limit = short.ok ? short.value.length : 0;
    expect(encodeWithBody(createEnvelope({ deviceId: 'gw-1' }), body, { maxBytes: limit }).ok).toBe(true);
    const longer = encodeWithBody(createEnvelope({ deviceId: 'gw-12' }), body, { maxBytes: limit });
    expect(longer.ok ? 'encoded' : longer.error.message).toMatch(/^desired message is \d+ bytes, over the \d+-byte limit/);
  });
});

describe('validateBody', () => {
  it('refuses an invalid body, naming the field as in the message', () => {
    const result = validateBody('desired', { ...sampleMessage('desired').body, version: -1 });
    expect(result.ok ? 'valid' : result.error).toMatchObject({ code: 'invalid', issues: [{ path: 'body.version' }] });
  });

  it('is the only maker of validated bodies', () => {
    // @ts-expect-error -- the mint is private to the codec
    expect(() => new ValidatedBody(Symbol('validated body'), 'desired', '{}')).toThrow(/comes from validateBody/);
  });
});
