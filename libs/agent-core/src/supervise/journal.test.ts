import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '../runtime/runtime.js';
import { target, targetApp } from '../test-support/world.js';
import { runtimeEventLog, stepEvent } from './journal.js';

const policies = targetApp('site', 'r1', {
  name: 'site',
  services: {
    api: { image: 'registry.local/api:1', restart: { policy: 'always' } },
    worker: { image: 'registry.local/worker:1', restart: { policy: 'on-failure' } },
    migrate: { image: 'registry.local/migrate:1', restart: { policy: 'no' } },
  },
});
const died = (service: string, exitCode: number): RuntimeEvent => ({ type: 'die', containerId: `c-${service}`, appId: 'site', service, exitCode, at: new Date(0) });

describe('runtimeEventLog', () => {
  it.each([
    { service: 'api', exitCode: 0, willRestart: true },
    { service: 'worker', exitCode: 1, willRestart: true },
    { service: 'worker', exitCode: 0, willRestart: false },
    { service: 'migrate', exitCode: 1, willRestart: false },
  ])('logs a death it did not cause ($service, exit $exitCode) as died, restarting as the policy says: $willRestart', ({ service, exitCode, willRestart }) => {
    expect(runtimeEventLog(died(service, exitCode), undefined, target(policies))).toEqual({
      type: 'service.died',
      detail: { app: 'site', service, containerId: `c-${service}`, exitCode, restartCount: 0, willRestart },
    });
  });

  it.each(['api', 'worker', 'migrate'])('logs the death of %s, stopped by the agent, as a stop with its exit code, whatever the policy', (service) => {
    expect(runtimeEventLog(died(service, 143), undefined, target(policies), true)).toEqual({
      type: 'service.stopped',
      detail: { app: 'site', service, containerId: `c-${service}`, exitCode: 143 },
    });
  });

  it('gives the details of every container’s event of one kind one hidden class', () => {
    setFlagsFromString('--allow-natives-syntax');
    const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    const details = Array.from({ length: 30 }, (_, n) => runtimeEventLog(died(`svc-${n}`, 1), undefined, target(policies))?.detail ?? {});
    for (const detail of details) expect(sameHiddenClass(details[0] ?? detail, detail)).toBe(true);
  });
});

describe('stepEvent', () => {
  it('leaves a stop to the death it causes, so one stop is logged once', () => {
    expect(stepEvent({ action: 'stop', appId: 'site', service: 'api', containerId: 'c-api', timeoutMs: 10_000, reason: 'release r2 replaces it' }, undefined)).toBeUndefined();
  });
});
