import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '@gantry/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentConfig } from '../config/config.js';
import { captureIo } from './fixtures/fake-control-server.js';
import { runCli } from './program.js';

describe('gantry-agent run', () => {
  let dir: string;
  let configPath: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-run-'));
    configPath = join(dir, 'agent.yaml');
    await writeFile(configPath, `dataDir: ${dir}\nresyncInterval: 10s\n`);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the daemon with the config until SIGTERM, logging to stderr', async () => {
    const io = captureIo({});
    const listenersBefore = process.listenerCount('SIGTERM');
    let seen: AgentConfig | undefined;

    const running = runCli(['run', '--config', configPath], io, {
      now: () => new Date('2026-05-01T10:00:00Z'),
      runDaemon: async (config, { signal, log }) => {
        seen = config;
        log.info('agent started');
        // The daemon's promise: return once the signal aborts.
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        log.info('agent stopped');
      },
    });
    await pollUntil(() => seen !== undefined, { what: 'the daemon to start' });
    process.emit('SIGTERM', 'SIGTERM');

    expect(await running).toBe(0);
    expect(seen).toMatchObject({ dataDir: dir, resyncInterval: 10_000 });
    expect(io.err()).toBe(
      [
        '2026-05-01T10:00:00.000Z info agent started',
        '2026-05-01T10:00:00.000Z info SIGTERM received: stopping (send it again to stop at once)',
        '2026-05-01T10:00:00.000Z info agent stopped',
        '',
      ].join('\n'),
    );
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
  });

  it('exits 78 with what is wrong when the config is invalid', async () => {
    await writeFile(configPath, 'dataDir: relative/path\n');
    const io = captureIo({});

    const code = await runCli(['run', '--config', configPath], io, { runDaemon: async () => undefined });

    expect(code).toBe(78);
    expect(io.err()).toContain('dataDir: must be an absolute path');
  });
});
