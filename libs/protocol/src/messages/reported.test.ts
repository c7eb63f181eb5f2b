import { describe, expect, it } from 'vitest';
import { SAMPLE_BODIES } from '../../test/samples.js';
import { ReportedStateSchema } from '../index.js';

const service = SAMPLE_BODIES.reported.apps.web?.services.web;
const withService = (patch: Record<string, unknown>) => ({
  ...SAMPLE_BODIES.reported,
  apps: { web: { ...SAMPLE_BODIES.reported.apps.web, services: { web: { ...service, ...patch } } } },
});

describe('reported', () => {
  it('accepts the report of a gateway that has never had a target', () => {
    const fresh = { ackedVersion: 0, ackedHash: null, target: { version: 0, state: 'none' }, apps: {}, gateway: SAMPLE_BODIES.reported.gateway };
    expect(ReportedStateSchema.safeParse(fresh).success).toBe(true);
  });

  it('accepts a service still pulling its image, with no container and no caps yet', () => {
    expect(ReportedStateSchema.safeParse(withService({ state: 'pulling', containerId: null, caps: null })).success).toBe(true);
  });

  it.each([['XYZ'], ['abc'], ['g'.repeat(64)]])('refuses the container id %j', (containerId) => {
    expect(ReportedStateSchema.safeParse(withService({ containerId })).success).toBe(false);
  });

  it('refuses a state outside the closed set', () => {
    expect(ReportedStateSchema.safeParse(withService({ state: 'zombie' })).success).toBe(false);
  });

  it('refuses a report without allocatable capacity', () => {
    expect(ReportedStateSchema.safeParse({ ...SAMPLE_BODIES.reported, gateway: {} }).success).toBe(false);
  });
});
