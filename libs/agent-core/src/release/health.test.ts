import { describe, expect, it } from 'vitest';
import type { CurrentState } from '../state/current.js';
import { converge, emptyGateway, target, targetApp } from '../test-support/world.js';
import { releaseHealth } from './health.js';

const app = targetApp('site', 'r2', {
  name: 'site',
  services: {
    api: { image: 'registry.local/api:2', healthcheck: { test: ['CMD', 'true'] }, restart: { policy: 'always' } },
    migrate: { image: 'registry.local/migrate:2', restart: { policy: 'no' }, networkMode: 'none' },
  },
});

function running(health: 'healthy' | 'starting' | 'unhealthy', migrateExit = 0): CurrentState {
  const state = converge(emptyGateway(), target(app)).state;
  for (const c of state.containers) {
    if (c.service === 'api') c.health = health;
    else Object.assign(c, { state: 'exited', exitCode: migrateExit });
  }
  return state;
}

describe('releaseHealth', () => {
  it('calls a release healthy once every service is healthy or completed', () => {
    expect(releaseHealth(app, running('healthy'), 1_000)).toEqual({ state: 'healthy' });
  });

  it('waits while a health check is still starting', () => {
    expect(releaseHealth(app, running('starting'), 1_000)).toEqual({ state: 'progressing', reason: 'api is starting' });
  });

  it('fails a release whose service reports unhealthy', () => {
    expect(releaseHealth(app, running('unhealthy'), 1_000)).toEqual({ state: 'failed', reason: 'api is unhealthy' });
  });

  it('fails a release still starting when its deadline passes, saying what it waited for', () => {
    expect(releaseHealth(app, running('starting'), 61_000)).toEqual({
      state: 'failed',
      reason: 'release r2 did not become healthy within 60 s (api is starting)',
    });
  });

  it('fails a one-shot service that exited with an error', () => {
    expect(releaseHealth(app, running('healthy', 3), 1_000)).toMatchObject({ state: 'failed', reason: 'migrate exited with code 3 after 0 restarts' });
  });

  it('fails a service that keeps crashing', () => {
    const state = running('healthy');
    Object.assign(state.containers.find((c) => c.service === 'api') ?? {}, { state: 'restarting', restartCount: 5 });
    expect(releaseHealth(app, state, 1_000)).toEqual({ state: 'failed', reason: 'api keeps crashing (5 restarts)' });
  });

  it('does not count containers of an older spec', () => {
    expect(releaseHealth(app, emptyGateway(), 1_000)).toMatchObject({ state: 'progressing', reason: 'api is not created yet' });
  });

  it('waits for what blocks a release instead of for its containers, and fails on it at the deadline', () => {
    const blockedBy = 'cannot pull registry.local/api:2: manifest unknown';
    expect(releaseHealth(app, emptyGateway(), 1_000, blockedBy)).toEqual({ state: 'progressing', reason: blockedBy });
    expect(releaseHealth(app, emptyGateway(), 61_000, blockedBy)).toEqual({
      state: 'failed',
      reason: `release r2 did not become healthy within 60 s (${blockedBy})`,
    });
  });

  it('lets neither a healthy release nor a failed one be overruled by what blocks it', () => {
    expect(releaseHealth(app, running('healthy'), 61_000, 'remove site/old failed')).toEqual({ state: 'healthy' });
    expect(releaseHealth(app, running('unhealthy'), 1_000, 'remove site/old failed')).toEqual({ state: 'failed', reason: 'api is unhealthy' });
  });
});

