import { describe, expect, it } from 'vitest';
import { captureIo } from './fixtures/fake-control-server.js';
import { runCli } from './program.js';

const OPTIONS: Record<string, string[]> = {
  run: [],
  apply: ['-f, --file <file>', '--name <app>', '--format <format>', '--no-wait', 'How the format is chosen'],
  status: ['--json'],
  ps: ['--json'],
  logs: ['<service>', '-f, --follow', '--tail <lines>', '--json'],
  rollback: ['[app]'],
  doctor: ['--json', '--timeout <seconds>'],
  enroll: ['--controller <url>', '--token <token>', '--device-id <id>', '--name <name>', '--label <key=value>', '--json', 'exits 67'],
};

describe('gantry-agent --help', () => {
  it.each(Object.entries(OPTIONS))('%s --help lists its options and exits 0', async (command, options) => {
    const io = captureIo({});

    const code = await runCli([command, '--help'], io);

    expect(code).toBe(0);
    expect(io.out()).toContain(`Usage: gantry-agent ${command}`);
    for (const option of [...options, '-h, --help']) expect(io.out()).toContain(option);
  });

  it('lists every command, the global --config and the exit codes', async () => {
    const io = captureIo({});

    const code = await runCli(['--help'], io);

    expect(code).toBe(0);
    for (const command of Object.keys(OPTIONS)) expect(io.out()).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(io.out()).toContain('--config <file>');
    expect(io.out()).toContain('69  the agent is not running');
  });

  it('exits 2 for an unknown option, saying which', async () => {
    const io = captureIo({});

    const code = await runCli(['ps', '--colour'], io);

    expect(code).toBe(2);
    expect(io.err()).toContain("unknown option '--colour'");
  });

  it('exits 2 for a format apply does not know', async () => {
    const io = captureIo({});

    const code = await runCli(['apply', '-f', 'x.yaml', '--format', 'toml'], io);

    expect(code).toBe(2);
    expect(io.err()).toContain('Allowed choices are yaml, json, compose');
  });

  it('exits 2 without a command, showing the help', async () => {
    const io = captureIo({});

    const code = await runCli([], io);

    expect(code).toBe(2);
    expect(io.err()).toContain('Usage: gantry-agent');
  });
});
