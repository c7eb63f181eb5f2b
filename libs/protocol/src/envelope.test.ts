import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { SAMPLE_BODIES } from '../test/samples.js';
import { MessageIdSchema, createMessage, encode } from './index.js';

describe('createMessage', () => {
  it('fills in a valid random id, the current time and this side’s protocol version', () => {
    const before = Date.now();
    const message = createMessage('status', SAMPLE_BODIES.status, { deviceId: 'gw-1' });
    expect(MessageIdSchema.safeParse(message.id).success).toBe(true);
    expect(Date.parse(message.ts)).toBeGreaterThanOrEqual(before);
    expect(message.protocol).toBe('1.0');
    expect(message).not.toHaveProperty('parentId');
    expect(encode('status', message).ok).toBe(true);
  });

  it('gives two messages two ids', () => {
    const options = { deviceId: 'gw-1' };
    expect(createMessage('status', SAMPLE_BODIES.status, options).id).not.toBe(createMessage('status', SAMPLE_BODIES.status, options).id);
  });

  it('uses the id, parent and time it is given', () => {
    const message = createMessage('cmd-res', SAMPLE_BODIES['cmd-res'], {
      deviceId: 'gw-1',
      id: 'res-1',
      parentId: 'req-1',
      now: new Date('2025-03-01T12:00:00.000Z'),
    });
    expect(message).toMatchObject({ id: 'res-1', parentId: 'req-1', ts: '2025-03-01T12:00:00.000Z', kind: 'cmd-res' });
  });

  it('builds the messages of one sender with one hidden class, with a parent or without', () => {
    const sameHiddenClass = hiddenClassCheck();
    const options = { deviceId: 'gw-1' };
    const first = createMessage('reported', SAMPLE_BODIES.reported, options);
    const replies = Array.from({ length: 50 }, (_, n) => createMessage('cmd-res', SAMPLE_BODIES['cmd-res'], { ...options, parentId: `req-${n}` }));
    for (let n = 0; n < 50; n++) expect(sameHiddenClass(first, createMessage('reported', SAMPLE_BODIES.reported, options))).toBe(true);
    for (const reply of replies) expect(sameHiddenClass(replies[0] ?? reply, reply)).toBe(true);
  });
});

/** V8's own answer to whether two objects share a hidden class (a spread gives most objects one of their own). */
function hiddenClassCheck(): (a: object, b: object) => boolean {
  setFlagsFromString('--allow-natives-syntax');
  return new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
}
