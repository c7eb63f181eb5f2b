import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, CommandPayloadSchema, CommandResultSchema, CommandSchema } from '../index.js';

describe('commands', () => {
  it('names the same command types in commands, results and the type list', () => {
    expect(CommandSchema.def.options.flatMap((option) => option.shape.type.def.values)).toEqual([...COMMAND_TYPES]);
    expect(CommandPayloadSchema.def.options.flatMap((option) => option.shape.type.def.values)).toEqual([...COMMAND_TYPES]);
  });

  it.each([
    ['a timeout under 100 ms', { type: 'resync', timeoutMs: 10 }],
    ['a timeout over 10 minutes', { type: 'resync', timeoutMs: 600_001 }],
    ['a log tail of 0 lines', { type: 'logs', app: 'web', service: 'web', tail: 0, timeoutMs: 1_000 }],
    ['a log tail over the maximum', { type: 'logs', app: 'web', service: 'web', tail: 10_001, timeoutMs: 1_000 }],
    ['a restart without a service', { type: 'restart', app: 'web', timeoutMs: 1_000 }],
  ])('refuses %s', (_what, command) => {
    expect(CommandSchema.safeParse(command).success).toBe(false);
  });

  it('lets a gateway answer a command it could not read, without naming its type', () => {
    const result = { status: 'error', error: { code: 'invalid-request', message: 'cmd message is invalid: body.type ...' } };
    expect(CommandResultSchema.safeParse(result).success).toBe(true);
  });

  it('refuses an error code outside the closed set', () => {
    const result = { status: 'error', error: { code: 'oops', message: 'x' } };
    expect(CommandResultSchema.safeParse(result).success).toBe(false);
  });
});
