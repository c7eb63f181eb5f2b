import { CommandError } from '@gantry/agent-core/sync';
import { pollUntil } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../config/config.js';
import { createDoctorContext, DOCTOR_CHECKS, runDoctor } from '../doctor/index.js';
import { DockerFixture } from '../runtime/fixtures/docker-fixture.js';
import type { DockerRuntime } from '../runtime/index.js';
import { dockerCommandHandlers } from './command-handlers.js';

// The cloud's commands on the real engine: what `logs`, `restart` and `diagnostics` answer.

describe('the cloud commands on Docker', () => {
  let fixture: DockerFixture;
  let runtime: DockerRuntime;
  let appId: string;
  let containerId: string;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    fixture = await DockerFixture.start('commands');
    runtime = fixture.runtime();
    appId = fixture.appId();
    // Docker copies stdout and stderr apart: the pause keeps their order in the log certain.
    containerId = await runtime.create(fixture.step(appId, 'meter', { command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line-$i; done; sleep 0.5; echo oops >&2; exec sleep 3600'] }));
    await runtime.start(containerId);
    const written = async () => (await fixture.docker.getContainer(containerId).logs({ stdout: true, stderr: true })).toString().includes('oops');
    await pollUntil(written, { timeoutMs: 10_000, what: 'the test container to write its lines' });
  }, 60_000);

  afterAll(async () => {
    await fixture?.cleanup();
  });

  const sut = () =>
    dockerCommandHandlers({
      runtime,
      doctor: () => runDoctor(createDoctorContext({ config: AgentConfigSchema.parse({}), configPath: 'the running agent', configError: null }), { checks: DOCTOR_CHECKS, agentVersion: '0.1.0' }),
      agentVersion: '0.1.0',
      dockerVersion: '20.10.24',
      cgroupVersion: 1,
      startedAtMs: Date.now() - 5_000,
    });

  it('answers logs with the newest lines of a service, oldest first, with their streams', async () => {
    const { lines, isTruncated } = await sut().logs({ app: appId, service: 'meter', tail: 3 }, signal);

    expect(isTruncated).toBe(false);
    expect(lines.map((line) => [line.stream, line.text])).toEqual([
      ['stdout', 'line-4'],
      ['stdout', 'line-5'],
      ['stderr', 'oops'],
    ]);
    expect(lines.every((line) => !Number.isNaN(Date.parse(line.ts)))).toBe(true);
  });

  it('leaves out lines older than `since`', async () => {
    const { lines } = await sut().logs({ app: appId, service: 'meter', tail: 100, since: new Date(Date.now() + 60_000).toISOString() }, signal);

    expect(lines).toEqual([]);
  });

  it('restarts a service: the same container, started again', async () => {
    const before = await fixture.docker.getContainer(containerId).inspect();

    const result = await sut().restart({ app: appId, service: 'meter' }, signal);

    expect(result.containerId).toBe(containerId);
    const after = await fixture.docker.getContainer(containerId).inspect();
    expect(after.State.Running).toBe(true);
    expect(after.State.StartedAt).not.toBe(before.State.StartedAt);
  }, 30_000);

  it.each(['logs', 'restart'] as const)('answers %s for a service this gateway does not run with unknown-service', async (command) => {
    const ref = { app: appId, service: 'nothing-here' };
    const answer = command === 'logs' ? sut().logs({ ...ref, tail: 10 }, signal) : sut().restart(ref, signal);

    await expect(answer).rejects.toThrow(CommandError);
    await expect(answer).rejects.toMatchObject({ code: 'unknown-service' });
  });

  it("answers diagnostics with the doctor's checks in the protocol's shape", async () => {
    const diagnostics = await sut().diagnostics(signal);

    expect(diagnostics).toMatchObject({ agentVersion: '0.1.0', dockerVersion: '20.10.24', cgroupVersion: 1 });
    expect(diagnostics.uptimeMs).toBeGreaterThanOrEqual(5_000);
    expect(diagnostics.checks.map((check) => check.name)).toEqual(DOCTOR_CHECKS.map((check) => check.name));
    expect(diagnostics.checks.find((check) => check.name === 'docker')).toMatchObject({ isOk: true });
  }, 30_000);
});
