import { describe, expect, it } from 'vitest';
import { StatusSchema } from '../index.js';

const online = { state: 'online', agentVersion: '1.4.2', bootId: '7d3b9a1e-2c4f-4b8e-9f10-3a5c7e9b1d2f' };

describe('status', () => {
  it.each([['1.4.2'], ['0.1.0-rc.1'], ['2.0.0+build.7']])('accepts the agent version %s', (agentVersion) => {
    expect(StatusSchema.safeParse({ ...online, agentVersion }).success).toBe(true);
  });

  it.each([['1.4'], ['v1.4.2'], ['latest'], ['']])('refuses the agent version %j', (agentVersion) => {
    expect(StatusSchema.safeParse({ ...online, agentVersion }).success).toBe(false);
  });

  it('refuses a boot id that is not a UUID', () => {
    expect(StatusSchema.safeParse({ ...online, bootId: 'boot-1' }).success).toBe(false);
  });
});
