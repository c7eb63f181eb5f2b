// Doctor against this machine: a running Docker Engine and its real cgroup mounts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../cli/fixtures/fake-control-server.js';
import { runCli } from '../cli/program.js';
import { DoctorReportSchema, type DoctorReport } from './index.js';

describe('gantry-agent doctor on this machine', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gantry-doctor-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function doctor(env: NodeJS.ProcessEnv): Promise<{ code: number; report: DoctorReport }> {
    const io = captureIo({ GANTRY_DATA_DIR: dataDir, ...env });
    const code = await runCli(['doctor', '--json'], io);
    return { code, report: DoctorReportSchema.parse(JSON.parse(io.out())) };
  }

  const check = (report: DoctorReport, name: string) => report.checks.find((candidate) => candidate.name === name);

  it('finds Docker, the cgroup v1 controllers and a usable data dir, as valid JSON of the report type', async () => {
    const { code, report } = await doctor({});

    expect(check(report, 'docker')).toMatchObject({ status: 'ok', facts: { socket: '/var/run/docker.sock', apiVersion: expect.stringMatching(/^1\.\d+$/) } });
    const cgroups = check(report, 'cgroups');
    expect(cgroups?.status).toBe('ok');
    expect(['hybrid', 'v1']).toContain(cgroups?.facts['layout']);
    expect(cgroups?.facts['controllers']).toEqual(expect.arrayContaining(['memory', 'cpu', 'pids']));
    expect(check(report, 'data-dir')).toMatchObject({ status: 'ok', facts: { path: dataDir, isWritable: true } });
    expect(check(report, 'disk-space')?.facts['freeBytes']).toBeGreaterThan(0);
    expect(report.checks.map((candidate) => candidate.name)).toEqual([
      'config',
      'docker',
      'cgroups',
      'cap-support',
      'memory-swap',
      'blkio-weight',
      'data-dir',
      'disk-space',
    ]);
    expect(code).toBe(report.summary.fail > 0 ? 1 : 0);
  });

  it('fails the docker check with advice when the socket does not exist, and exits 1', async () => {
    const socket = join(dataDir, 'no-docker.sock');

    const { code, report } = await doctor({ GANTRY_DOCKER_SOCKET: socket });

    expect(code).toBe(1);
    expect(check(report, 'docker')).toMatchObject({ status: 'fail', found: `no Docker socket at ${socket}` });
    expect(check(report, 'docker')?.advice).toContain('systemctl start docker');
  });

  it('reports an invalid config as a failed check and still runs the others', async () => {
    const { code, report } = await doctor({ GANTRY_UPDATE_STRATEGY: 'sometimes' });

    expect(code).toBe(1);
    expect(check(report, 'config')).toMatchObject({ status: 'fail', facts: { isValid: false } });
    expect(check(report, 'docker')?.status).toBe('ok');
  });

  it('prints a table with what to do next', async () => {
    const io = captureIo({ GANTRY_DATA_DIR: dataDir, GANTRY_DOCKER_SOCKET: join(dataDir, 'none.sock') });

    const code = await runCli(['doctor'], io);

    expect(code).toBe(1);
    expect(io.out()).toMatch(/^STATUS\s+CHECK\s+FOUND \/ NEXT STEP$/m);
    expect(io.out()).toMatch(/^fail\s+Docker Engine\s+no Docker socket at /m);
    expect(io.out()).toContain('→ install and start Docker Engine');
    expect(io.out()).toContain('1 failed');
  });
});
