import { describe, expect, it } from 'vitest';
import { describeEvent } from './event-text';

const event = (type: string, detail: Record<string, unknown>) => ({ seq: 7, type, at: '2026-01-01T12:00:00.000Z', detail });

describe('describeEvent', () => {
  it('shows a gap as missing sequence numbers', () => {
    expect(describeEvent(event('gap', { from: 40, to: 51, missing: 12 }))).toEqual({
      title: '12 events never arrived',
      detail: 'sequence #40–#51 is missing; the gateway may have lost them while offline',
      tone: 'warn',
    });
    expect(describeEvent(event('gap', { from: 9, to: 9, missing: 1 })).title).toBe('1 event never arrived');
  });

  it('names the service and the cause of a crash', () => {
    expect(describeEvent(event('service.died', { app: 'thermo', service: 'reader', exitCode: 137, restartCount: 3, willRestart: true }))).toEqual({
      title: 'thermo/reader died',
      detail: 'exit code 137, 3 restarts, restarting',
      tone: 'bad',
    });
  });

  it('counts one restart in the singular', () => {
    expect(describeEvent(event('service.died', { app: 'a', service: 'b', exitCode: null, restartCount: 1, willRestart: false })).detail).toBe('exit code unknown, 1 restart, not restarting');
  });

  it('lists the reasons a target was refused', () => {
    const text = describeEvent(event('target.refused', { version: 4, hash: 'sha256:x', reasons: [{ code: 'caps', message: 'vision asks for 2 GiB' }] }));
    expect(text).toMatchObject({ title: 'target version 4 refused', detail: 'vision asks for 2 GiB', tone: 'bad' });
  });

  it('falls back to the type for events it does not know', () => {
    expect(describeEvent(event('future.thing', {}))).toEqual({ title: 'future.thing', tone: 'info' });
  });
});
