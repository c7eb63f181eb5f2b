import { NO_UPDATABLE_CAPS, type LogLine } from '@gantry/agent-core';
import { describe, expect, it } from 'vitest';
import { MiB, oneService, release, settle } from '../test-support/fixtures.js';
import { simulatedEngine } from '../test-support/sim-setup.js';
import type { BehaviourProfile } from './profile.js';

const crashes = (policy: 'no' | 'always' | 'on-failure' | 'unless-stopped', maxRetries = 0) =>
  release('site', 'r1', oneService('registry.local/api:1', { restart: { policy, maxRetries } }));

function crashing(afterMs: number, extra: Partial<NonNullable<BehaviourProfile['services']>[number]> = {}): BehaviourProfile {
  return { services: [{ match: { service: 'api' }, crash: { afterMs, exitCode: 3 }, ...extra }] };
}

describe('crashes and restart policies', () => {
  it('leaves a crashed container exited with its code under policy no', async () => {
    const { scheduler, runService, container, eventsOf } = simulatedEngine(crashing(2_000));
    const id = await runService(crashes('no'), 'api');
    await scheduler.advance(60_000);
    expect(await container(id)).toMatchObject({ state: 'exited', exitCode: 3, restartCount: 0 });
    expect(eventsOf(id)).toEqual(['start', 'health:healthy', 'die:3']);
  });

  it("crash-loops under always, restarting after Docker's doubling delays", async () => {
    const { scheduler, runService, container, events } = simulatedEngine(crashing(1_000));
    const id = await runService(crashes('always'), 'api');
    await scheduler.advance(20_000);
    const starts = events.filter((e) => e.containerId === id && e.type === 'start').map((e) => e.at.getTime());
    const dies = events.filter((e) => e.containerId === id && e.type === 'die').map((e) => e.at.getTime());
    // Each gap between a death and the next start is the restart delay plus the 500 ms start.
    const gaps = dies.slice(0, 5).map((died, i) => (starts[i + 1] ?? Number.NaN) - died);
    expect(gaps).toEqual([600, 700, 900, 1_300, 2_100]);
    const c = await container(id);
    expect(c?.restartCount).toBe(dies.length);
    expect(['running', 'restarting']).toContain(c?.state);
  });

  it('shows a container waiting out its restart delay as restarting, with no exit code', async () => {
    const { scheduler, runService, container } = simulatedEngine(crashing(1_000));
    const id = await runService(crashes('always'), 'api');
    await scheduler.advance(1_050);
    expect(await container(id)).toMatchObject({ state: 'restarting', exitCode: null, restartCount: 1 });
  });

  it('gives up under on-failure after its maximum retries', async () => {
    const { scheduler, runService, container } = simulatedEngine(crashing(1_000));
    const id = await runService(crashes('on-failure', 2), 'api');
    await scheduler.advance(60_000);
    expect(await container(id)).toMatchObject({ state: 'exited', exitCode: 3, restartCount: 2 });
  });

  it('does not restart a clean exit under on-failure', async () => {
    const { scheduler, runService, container } = simulatedEngine({ services: [{ crash: { afterMs: 1_000, exitCode: 0 } }] });
    const id = await runService(crashes('on-failure'), 'api');
    await scheduler.advance(30_000);
    expect(await container(id)).toMatchObject({ state: 'exited', exitCode: 0, restartCount: 0 });
  });

  it('stays up after the runs that crash, when the crash is limited to some runs', async () => {
    const { scheduler, runService, container } = simulatedEngine({ services: [{ crash: { afterMs: 1_000, runs: 2 } }] });
    const id = await runService(crashes('always'), 'api');
    await scheduler.advance(120_000);
    expect(await container(id)).toMatchObject({ state: 'running', restartCount: 2 });
  });

  it('calls off a pending restart when stopped, and a start by hand resets the restart count', async () => {
    const { scheduler, sut, runService, container } = simulatedEngine(crashing(1_000));
    const id = await runService(crashes('always'), 'api');
    await scheduler.advance(1_050);
    await settle(scheduler, sut.stop(id, 10_000));
    await scheduler.advance(30_000);
    expect(await container(id)).toMatchObject({ state: 'exited', restartCount: 1 });
    await settle(scheduler, sut.start(id));
    expect(await container(id)).toMatchObject({ state: 'running', restartCount: 0 });
  });
});

describe('memory and the OOM killer', () => {
  const hungry: BehaviourProfile = { services: [{ memoryBytes: 100 * MiB, memoryRampMs: 10_000 }] };

  it('kills a process that grows past its memory cap: oom, then die with 137', async () => {
    const { scheduler, sut, runService, container, eventsOf, events } = simulatedEngine(hungry);
    const id = await runService(crashes('no'), 'api');
    const started = scheduler.now();
    await scheduler.advance(30_000);
    expect(eventsOf(id)).toEqual(['start', 'health:healthy', 'oom', 'die:137']);
    // 64 MiB of a 100 MiB climb over 10 s.
    expect(events.find((e) => e.type === 'oom')?.at.getTime()).toBe(started + 6_400);
    expect(await container(id)).toMatchObject({ state: 'exited', exitCode: 137 });
    expect(sut.isOomKilled(id)).toBe(true);
  });

  it('lets a process live when its cap is raised in place before it gets there', async () => {
    const { scheduler, sut, runService, container, eventsOf } = simulatedEngine(hungry);
    const id = await runService(crashes('no'), 'api');
    await scheduler.advance(3_000);
    await sut.updateCaps(id, { ...NO_UPDATABLE_CAPS, memoryBytes: 128 * MiB });
    await scheduler.advance(60_000);
    expect(eventsOf(id)).toEqual(['start', 'health:healthy', 'update']);
    expect(await container(id)).toMatchObject({ state: 'running', caps: { memoryBytes: 128 * MiB, memorySwapBytes: 256 * MiB } });
    expect(sut.memoryUsageBytes(id)).toBe(100 * MiB);
  });

  it('kills at once a process already above a cap lowered in place', async () => {
    const { scheduler, sut, runService, eventsOf } = simulatedEngine({ services: [{ memoryBytes: 40 * MiB }] });
    const id = await runService(crashes('no'), 'api');
    await scheduler.advance(2_000);
    await sut.updateCaps(id, { ...NO_UPDATABLE_CAPS, memoryBytes: 32 * MiB });
    await scheduler.advance(1);
    expect(eventsOf(id)).toEqual(['start', 'health:healthy', 'update', 'oom', 'die:137']);
  });

  it('restarts an OOM-killed container under always, as a failure', async () => {
    const { scheduler, runService, container } = simulatedEngine(hungry);
    const id = await runService(crashes('always'), 'api');
    await scheduler.advance(30_000);
    expect((await container(id))?.restartCount).toBeGreaterThanOrEqual(2);
  });

  it('refuses caps Docker refuses: a reservation above the limit', async () => {
    const { runService, sut } = simulatedEngine();
    const id = await runService(crashes('always'), 'api');
    await expect(sut.updateCaps(id, { ...NO_UPDATABLE_CAPS, memoryBytes: 32 * MiB, memoryReservationBytes: 48 * MiB })).rejects.toThrow(
      /Minimum memory limit can not be less than memory reservation limit/,
    );
  });
});

describe('health', () => {
  it('goes from starting to healthy at the first passing probe', async () => {
    const { scheduler, runService, container, events } = simulatedEngine();
    const id = await runService(crashes('always'), 'api');
    const started = scheduler.now();
    expect(await container(id)).toMatchObject({ health: 'starting' });
    await scheduler.advance(5_000);
    expect(await container(id)).toMatchObject({ health: 'healthy' });
    expect(events.filter((e) => e.type === 'health').map((e) => [e.health, e.at.getTime() - started])).toEqual([['healthy', 1_000]]);
  });

  it('turns unhealthy after retries failing probes when the profile says so', async () => {
    const { scheduler, runService, container, eventsOf } = simulatedEngine({ services: [{ health: 'unhealthy' }] });
    const id = await runService(crashes('always'), 'api');
    await scheduler.advance(10_000);
    expect(await container(id)).toMatchObject({ state: 'running', health: 'unhealthy' });
    expect(eventsOf(id)).toEqual(['start', 'health:unhealthy']);
  });

  it('has no health without a health check', async () => {
    const { scheduler, runService, container } = simulatedEngine();
    const id = await runService(release('site', 'r1', oneService('registry.local/api:1', { healthcheck: null })), 'api');
    await scheduler.advance(10_000);
    expect(await container(id)).toMatchObject({ health: 'none' });
  });

  it('starts again from starting after a restart', async () => {
    const { scheduler, runService, container } = simulatedEngine(crashing(5_000));
    const id = await runService(crashes('always'), 'api');
    await scheduler.advance(5_000 + 600 + 10);
    expect(await container(id)).toMatchObject({ state: 'running', health: 'starting', restartCount: 1 });
  });
});

describe('behaviour profiles', () => {
  it('apply rules by release, so one release crash-loops and another does not', async () => {
    const profile: BehaviourProfile = { services: [{ match: { releaseId: 'bad', image: 'registry.local/api:*' }, crash: { afterMs: 500 } }] };
    const { scheduler, runService, container } = simulatedEngine(profile);
    const good = await runService(release('a', 'good', oneService('registry.local/api:1')), 'api');
    const bad = await runService(release('b', 'bad', oneService('registry.local/api:1')), 'api');
    await scheduler.advance(20_000);
    expect(await container(good)).toMatchObject({ state: 'running', restartCount: 0 });
    expect((await container(bad))?.restartCount).toBeGreaterThan(3);
  });

  it('refuses a profile that cannot be drawn from, naming the field', () => {
    const { sut } = simulatedEngine();
    expect(() => sut.setProfile({ pullFailureRate: 2, services: [{ crash: { afterMs: { kind: 'uniform', min: 9, max: 1 } } }] })).toThrow(
      'the behaviour profile is not usable: pullFailureRate: must be between 0 and 1; services[0].crash.afterMs: a uniform needs 0 ≤ min ≤ max',
    );
  });
});

describe('logs', () => {
  async function collect(lines: AsyncIterable<LogLine>): Promise<string[]> {
    const out: string[] = [];
    for await (const line of lines) out.push(`${line.stream} ${line.text}`);
    return out;
  }

  it('returns the start line, a heartbeat per interval and the exit line of the last run', async () => {
    const { scheduler, sut, runService } = simulatedEngine({ services: [{ crash: { afterMs: 25_000, exitCode: 2 }, memoryBytes: 20 * MiB, logEveryMs: 10_000 }] });
    const id = await runService(crashes('no'), 'api');
    await scheduler.advance(30_000);
    expect(await collect(sut.logs(id, {}))).toEqual([
      'stdout api: starting from registry.local/api:1 (run 1)',
      'stdout api: up 10 s, rss 20 MiB',
      'stdout api: up 20 s, rss 20 MiB',
      'stderr api: exiting with code 2',
    ]);
    expect(await collect(sut.logs(id, { tail: 1 }))).toEqual(['stderr api: exiting with code 2']);
  });

  it('follows new lines as time passes until the signal aborts', async () => {
    const { scheduler, sut, runService } = simulatedEngine({ services: [{ logEveryMs: 1_000 }] });
    const id = await runService(crashes('always'), 'api');
    const abort = new AbortController();
    const reading = collect(sut.logs(id, { follow: true, signal: abort.signal }));
    await scheduler.advance(3_500);
    abort.abort();
    const lines = await settle(scheduler, reading);
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/up 3 s/);
  });

  it('says when a container does not exist', async () => {
    const { sut } = simulatedEngine();
    await expect(collect(sut.logs('0'.repeat(64), {}))).rejects.toThrow(/No such container/);
  });
});
