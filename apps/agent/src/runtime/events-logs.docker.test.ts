// The runtime's streams on the real engine: events of managed containers (exit codes, OOM
// kills, health) and log lines, each ending when its signal aborts.
import { NO_UPDATABLE_CAPS, type LogLine, type RuntimeEvent } from '@gantry/agent-core';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerRuntime } from './docker-runtime.js';
import { DockerFixture } from './fixtures/docker-fixture.js';

const MiB = 1024 * 1024;
let fixture: DockerFixture;
let sut: DockerRuntime;

beforeAll(async () => {
  fixture = await DockerFixture.start('streams');
  sut = fixture.runtime();
}, 60_000);

afterAll(async () => {
  await fixture?.cleanup();
}, 60_000);

/** Watches until aborted; returns the events seen and the watch's own promise. */
function watching(): { events: RuntimeEvent[]; controller: AbortController; done: Promise<void> } {
  const events: RuntimeEvent[] = [];
  const controller = new AbortController();
  const done = sut.watch((event) => events.push(event), controller.signal);
  return { events, controller, done };
}

describe('DockerRuntime.watch', () => {
  it('reports start and die with the exit code, ignores foreign containers, and ends on abort', async () => {
    const { events, controller, done } = watching();
    const appId = fixture.appId();
    const foreign = await fixture.docker.createContainer({ name: uniqueName('gantry-foreign'), Image: fixture.image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
    fixture.trackForeignContainer(foreign.id);
    await foreign.start();
    const id = await sut.create(fixture.step(appId, 'exits', { command: ['sh', '-c', 'exit 3'] }));
    await sut.start(id);

    const die = await pollUntil(() => events.find((e) => e.type === 'die' && e.containerId === id), { what: 'the die event' });
    controller.abort();
    await done;

    expect(die).toMatchObject({ type: 'die', containerId: id, appId, service: 'exits', exitCode: 3 });
    expect(die.at).toBeInstanceOf(Date);
    expect(events.find((e) => e.type === 'start' && e.containerId === id)).toMatchObject({ containerId: id, appId, service: 'exits' });
    expect(events.some((e) => e.containerId === foreign.id)).toBe(false);
  }, 30_000);

  it('reports an OOM kill of a memory-capped allocator', async () => {
    const { events, controller, done } = watching();
    const appId = fixture.appId();
    // The shell doubles a string until the 16 MiB cap (and no swap) kills it. It waits a
    // moment first: containerd (1.6, cgroup v1) watches for OOM only after the process has
    // started, so an OOM in a container's first milliseconds can come without an oom event.
    const step = fixture.step(appId, 'hog', {
      command: ['sh', '-c', 'sleep 1; x=0123456789abcdef; while true; do x=$x$x; done'],
      resources: { memoryBytes: 16 * MiB, memorySwapBytes: 16 * MiB },
    });
    const id = await sut.create(step);
    await sut.start(id);

    const die = await pollUntil(() => events.find((e) => e.type === 'die' && e.containerId === id), { timeoutMs: 20_000, what: 'the die event' });
    await pollUntil(() => events.some((e) => e.type === 'oom' && e.containerId === id), { what: 'the oom event' });
    controller.abort();
    await done;

    expect(die.exitCode).toBe(137);
    expect((await sut.readCurrent()).containers.find((c) => c.id === id)).toMatchObject({ state: 'exited', exitCode: 137 });
  }, 30_000);

  it('reports health changes and caps updates', async () => {
    const { events, controller, done } = watching();
    const appId = fixture.appId();
    const id = await sut.create(
      fixture.step(appId, 'checked', {
        command: ['sh', '-c', 'touch /tmp/ok; exec sleep 3600'],
        healthcheck: { test: ['CMD-SHELL', 'test -f /tmp/ok'], intervalMs: 200, timeoutMs: 1_000, retries: 1 },
        resources: { memoryBytes: 64 * MiB },
      }),
    );
    await sut.start(id);

    const health = await pollUntil(() => events.find((e) => e.type === 'health' && e.containerId === id), { timeoutMs: 15_000, what: 'a health event' });
    await sut.updateCaps(id, { ...NO_UPDATABLE_CAPS, memoryBytes: 96 * MiB });
    await pollUntil(() => events.some((e) => e.type === 'update' && e.containerId === id), { what: 'the update event' });
    controller.abort();
    await done;

    expect(health.health).toBe('healthy');
  }, 30_000);

  it('returns at once for a signal that has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sut.watch(() => undefined, controller.signal)).resolves.toBeUndefined();
  });
});

describe('DockerRuntime.logs', () => {
  /** A container printing `line<n>` to stdout (and `err<n>` to stderr every third line) five times a second. */
  async function ticker(tty = false): Promise<string> {
    const appId = fixture.appId();
    const id = await sut.create(
      fixture.step(appId, 'ticker', {
        tty,
        command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo line$i; [ $((i % 3)) -eq 0 ] && echo err$i >&2; sleep 0.2; done'],
      }),
    );
    await sut.start(id);
    return id;
  }

  async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
    const all: LogLine[] = [];
    for await (const line of lines) all.push(line);
    return all;
  }

  it('returns the last lines with their stream and time', async () => {
    const id = await ticker();
    await pollUntil(async () => (await collect(sut.logs(id, {}))).length >= 5, { what: 'five lines of output' });
    // Stopped, so both reads below see the same output.
    await sut.stop(id, 1_000);

    const all = await collect(sut.logs(id, {}));
    const tail = await collect(sut.logs(id, { tail: 2 }));

    expect(tail).toHaveLength(2);
    expect(all.find((l) => l.text === 'line1')).toMatchObject({ stream: 'stdout' });
    expect(all.find((l) => l.text === 'err3')).toMatchObject({ stream: 'stderr' });
    for (const line of all) expect(line.at).toBeInstanceOf(Date);
    expect(all.slice(-2).map((l) => l.text)).toEqual(tail.map((l) => l.text));
  }, 30_000);

  it('follows new lines until the signal aborts', async () => {
    const id = await ticker();
    const controller = new AbortController();
    const seen: LogLine[] = [];

    for await (const line of sut.logs(id, { tail: 0, follow: true, signal: controller.signal })) {
      seen.push(line);
      if (seen.filter((l) => l.stream === 'stdout').length === 4) controller.abort();
    }

    const numbers = seen.filter((l) => l.stream === 'stdout').map((l) => Number(l.text.replace('line', '')));
    expect(numbers).toHaveLength(4);
    expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
  }, 30_000);

  it('reads a TTY container’s raw output as stdout lines', async () => {
    const id = await ticker(true);
    await pollUntil(async () => (await collect(sut.logs(id, {}))).length >= 3, { what: 'three lines of output' });

    const lines = await collect(sut.logs(id, { tail: 3 }));

    expect(lines.every((l) => l.stream === 'stdout' && /^(line|err)\d+$/.test(l.text))).toBe(true);
  }, 30_000);
});

