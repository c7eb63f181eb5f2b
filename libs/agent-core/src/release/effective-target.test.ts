import { describe, expect, it } from 'vitest';
import { initialAgentState } from '../store/agent-state.js';
import { targetApp } from '../test-support/world.js';
import { effectiveTarget } from './effective-target.js';

const r1 = targetApp('site', 'r1', { name: 'site', services: { api: { image: 'registry.local/api:1' } } });
const r2 = targetApp('site', 'r2', { name: 'site', services: { api: { image: 'registry.local/api:2' } } });
const r3 = targetApp('site', 'r3', { name: 'site', services: { api: { image: 'registry.local/api:3' } } });
const stored = (app: typeof r1) => ({ source: 'local' as const, version: 1, hash: 'h', receivedAt: new Date(0).toISOString(), apps: { site: app } });

describe('effectiveTarget', () => {
  it('runs the stored target as told', () => {
    expect(effectiveTarget({ ...initialAgentState(), target: stored(r2) }).apps['site']).toBe(r2);
  });

  it('runs the last good release of an app rolled back from the target release', () => {
    const state = {
      ...initialAgentState(),
      target: stored(r2),
      lastGood: { site: r1 },
      rolledBack: { site: { releaseId: 'r2', toReleaseId: 'r1', reason: 'api is unhealthy', at: new Date(0).toISOString() } },
    };
    expect(effectiveTarget(state).apps['site']).toBe(r1);
    expect(effectiveTarget({ ...state, target: stored(r3) }).apps['site']).toBe(r3);
  });

  it('runs nothing before the first target', () => {
    expect(effectiveTarget(initialAgentState())).toEqual({ apps: {} });
  });
});
