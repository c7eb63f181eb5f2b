import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { MESSAGE_KINDS, decode, decodeFromTopic, encode, type MessageKind } from './index.js';

// The index is read with a schema too: a typo in it should fail loudly, not skip fixtures.
const KindSchema = z.enum(MESSAGE_KINDS);
const FixtureIndexSchema = z.object({
  valid: z.array(z.object({ file: z.string(), kind: KindSchema, topic: z.string() })).check(z.minLength(1)),
  invalid: z
    .array(z.object({ file: z.string(), kind: KindSchema, topic: z.string(), code: z.string(), path: z.optional(z.string()) }))
    .check(z.minLength(1)),
});

const fixturesDir = new URL('../fixtures/', import.meta.url);
const index = FixtureIndexSchema.parse(JSON.parse(readFileSync(new URL('index.json', fixturesDir), 'utf8')));
const bytesOf = (file: string): Uint8Array => readFileSync(new URL(file, fixturesDir));

describe('golden fixtures', () => {
  it('cover every message kind', () => {
    const kinds = new Set<MessageKind>(index.valid.map((fixture) => fixture.kind));
    expect([...kinds].sort()).toEqual(['cmd', 'cmd-res', 'desired', 'events', 'reported', 'status', 'telemetry']);
  });

  describe.each(index.valid)('$file', ({ file, kind, topic }) => {
    it(`decodes as a valid ${kind} message`, () => {
      const decoded = decode(kind, bytesOf(file));
      expect(decoded.ok ? 'ok' : decoded.error).toBe('ok');
    });

    it(`decodes from its topic ${topic}`, () => {
      const decoded = decodeFromTopic(topic, bytesOf(file));
      expect(decoded.ok ? decoded.value.message.kind : decoded.error).toBe(kind);
    });

    it('re-encodes to the same JSON (apart from fields a newer minor added)', () => {
      const decoded = decode(kind, bytesOf(file));
      if (!decoded.ok) throw new Error(decoded.error.message);
      const encoded = encode(decoded.value.kind, decoded.value);
      if (!encoded.ok) throw new Error(encoded.error.message);
      const original: unknown = JSON.parse(new TextDecoder().decode(bytesOf(file)));
      if (file.includes('newer-minor')) expect(JSON.parse(encoded.value)).not.toEqual(original);
      else expect(JSON.parse(encoded.value)).toEqual(original);
    });
  });

  describe.each(index.invalid)('$file', ({ file, kind, topic, code, path }) => {
    it(`is rejected with ${code}${path ? ` at ${path}` : ''}`, () => {
      for (const decoded of [decode(kind, bytesOf(file)), decodeFromTopic(topic, bytesOf(file))]) {
        expect(decoded.ok).toBe(false);
        if (decoded.ok) continue;
        expect(decoded.error.code).toBe(code);
        if (path) expect(decoded.error.issues.map((issue) => issue.path)).toContain(path);
      }
    });
  });
});
