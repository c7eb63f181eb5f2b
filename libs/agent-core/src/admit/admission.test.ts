import { describe, expect, it } from 'vitest';
import { target, targetApp } from '../test-support/world.js';
import { admitTarget } from './admission.js';

const MiB = 1024 * 1024;
const gateway = { allocatable: { memoryBytes: 312 * MiB, nanoCpus: 1_500_000_000, pids: 500 }, policy: {} };

const vision = (memory: number, extra: Record<string, unknown> = {}) =>
  targetApp('vision', 'r1', {
    name: 'vision',
    services: {
      cam: { image: 'registry.local/cam:1', resources: { memoryBytes: memory, nanoCpus: 500_000_000, pidsLimit: 100 }, ...extra },
      infer: { image: 'registry.local/infer:1', resources: { memoryBytes: memory, nanoCpus: 500_000_000, pidsLimit: 100 } },
    },
  });

describe('admitTarget', () => {
  it('admits a target whose caps fit in allocatable', () => {
    expect(admitTarget(target(vision(128 * MiB)), gateway)).toEqual({ ok: true });
  });

  it('refuses a target whose summed memory exceeds allocatable, naming services and numbers', () => {
    const result = admitTarget(target(vision(256 * MiB)), gateway);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons).toEqual([
      'memory: the target asks for 512 MiB but this gateway has 312 MiB allocatable (vision/cam 256 MiB, vision/infer 256 MiB)',
    ]);
  });

  it('sums caps over every app of the target', () => {
    const other = targetApp('logger', 'r1', {
      name: 'logger',
      services: { tail: { image: 'registry.local/tail:1', resources: { memoryBytes: 64 * MiB, nanoCpus: 600_000_000 } } },
    });
    const result = admitTarget(target(vision(128 * MiB), other), gateway);
    expect(!result.ok && result.reasons.join('\n')).toMatch(/CPU: the target asks for 1\.6 CPUs but this gateway has 1\.5 CPUs allocatable/);
  });

  it('refuses pids beyond allocatable when the gateway counts them', () => {
    const result = admitTarget(target(vision(64 * MiB)), { ...gateway, allocatable: { ...gateway.allocatable, pids: 150 } });
    expect(!result.ok && result.reasons.join('\n')).toMatch(/processes: the target asks for 200 pids but this gateway has 150 pids/);
  });

  it('refuses an uncapped service unless the policy allows it', () => {
    const app = targetApp('free', 'r1', { name: 'free', services: { any: { image: 'registry.local/any:1' } } });
    const refused = admitTarget(target(app), gateway);
    expect(!refused.ok && refused.reasons.join('\n')).toMatch(/^app 'free': .*allowUncapped/);
    expect(admitTarget(target(app), { ...gateway, policy: { allowUncapped: true } })).toEqual({ ok: true });
  });

  it('refuses privileged mode and host namespaces unless the policy allows them', () => {
    const result = admitTarget(target(vision(64 * MiB, { privileged: true, pidMode: 'host' })), gateway);
    expect(!result.ok && result.reasons.length).toBe(2);
    const allowed = admitTarget(target(vision(64 * MiB, { privileged: true, pidMode: 'host' })), {
      ...gateway,
      policy: { allowPrivileged: true, allowHostPid: true },
    });
    expect(allowed).toEqual({ ok: true });
  });
});
