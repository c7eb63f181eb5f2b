import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyMessageArb, messageArb } from '../test/arbitraries.js';
import { MESSAGE_KINDS, decode, decodeFromTopic, decodeMessage, encode, type ProtocolErrorCode } from './index.js';

// Generated messages can be large (full manifests, long Unicode strings); the limit is
// not what these properties are about.
const roomy = { maxBytes: 16 * 1024 * 1024 };

const ERROR_CODES: readonly ProtocolErrorCode[] = [
  'too-large',
  'not-json',
  'invalid',
  'unsupported-version',
  'wrong-kind',
  'bad-topic',
  'topic-mismatch',
];

/** Asserts `run` returns a result (ok, or an error with a known code) instead of throwing. */
function returnsAResult(run: () => { ok: boolean; error?: { code: string } }): void {
  const result = run();
  if (!result.ok) expect(ERROR_CODES).toContain(result.error?.code);
}

describe('decode(encode(x)) is x', () => {
  it.each(MESSAGE_KINDS)('for arbitrary valid %s messages', (kind) => {
    fc.assert(
      fc.property(messageArb(kind), (message) => {
        const encoded = encode(kind, message, roomy);
        if (!encoded.ok) throw new Error(`${encoded.error.message}\n${JSON.stringify(encoded.error.issues)}`);
        expect(decode(kind, encoded.value, roomy)).toEqual({ ok: true, value: message });
        expect(decode(kind, new TextEncoder().encode(encoded.value), roomy)).toEqual({ ok: true, value: message });
      }),
      { numRuns: kind === 'desired' ? 60 : 150 },
    );
  });

  it('for arbitrary messages decoded without naming their kind', () => {
    fc.assert(
      fc.property(anyMessageArb, (message) => {
        const encoded = encode(message.kind, message, roomy);
        expect(encoded.ok && decodeMessage(encoded.value, roomy)).toEqual({ ok: true, value: message });
      }),
    );
  });
});

describe('decode never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (payload) => {
        returnsAResult(() => decodeMessage(payload));
        returnsAResult(() => decode('desired', payload));
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (payload) => {
        returnsAResult(() => decodeMessage(payload));
        returnsAResult(() => decode('events', payload));
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        returnsAResult(() => decodeMessage(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('on envelopes with arbitrary fields and bodies', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constantFrom('1.0', '2.0', '1.99', 'gw-1', '2025-03-01T12:00:00.000Z', '__proto__'));
    fc.assert(
      fc.property(
        fc.record({
          id: field,
          ts: field,
          deviceId: field,
          protocol: field,
          kind: fc.oneof(fc.constantFrom(...MESSAGE_KINDS), field),
          body: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())),
        }),
        fc.constantFrom(...MESSAGE_KINDS),
        (envelope, kind) => {
          const payload = JSON.stringify(envelope);
          returnsAResult(() => decodeMessage(payload));
          returnsAResult(() => decode(kind, payload));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('on valid messages with bytes cut out or flipped', () => {
    fc.assert(
      fc.property(anyMessageArb, fc.nat(), fc.nat(200), fc.integer({ min: 0, max: 255 }), (message, at, length, byte) => {
        const encoded = encode(message.kind, message, roomy);
        if (!encoded.ok) throw new Error(encoded.error.message);
        const bytes = new TextEncoder().encode(encoded.value);
        const start = at % bytes.length;
        const cut = new Uint8Array([...bytes.subarray(0, start), ...bytes.subarray(start + length)]);
        const flipped = bytes.slice();
        flipped[start] = byte;
        returnsAResult(() => decodeMessage(cut, roomy));
        returnsAResult(() => decodeMessage(flipped, roomy));
      }),
      { numRuns: 200 },
    );
  });

  it('on arbitrary topics', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 200 }), (topic, payload) => {
        returnsAResult(() => decodeFromTopic(topic, payload));
        returnsAResult(() => decodeFromTopic(`gantry/v1/${topic}`, payload));
      }),
      { numRuns: 500 },
    );
  });
});

describe('encode without the schema check', () => {
  it.each(MESSAGE_KINDS)('writes the very JSON the checked encode writes, for arbitrary valid %s messages', (kind) => {
    fc.assert(
      fc.property(messageArb(kind), (message) => {
        expect(encode(kind, message, { ...roomy, isChecked: false })).toEqual(encode(kind, message, roomy));
      }),
      { numRuns: kind === 'desired' ? 30 : 80 },
    );
  });
});
