import { Command } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerDoctor } from './commands/doctor.js';
import { registerEnroll } from './commands/enroll.js';
import { registerLogs } from './commands/logs.js';
import { registerPs } from './commands/ps.js';
import { registerRollback } from './commands/rollback.js';
import { registerRun } from './commands/run.js';
import { registerStatus } from './commands/status.js';
import { createContext, type CliContext } from './context.js';
import { reportError } from './errors.js';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes.js';
import { hasColour, type CliIo } from './io.js';
import { agentVersion } from '../version.js';

/** What tests may replace besides the io. */
export type ProgramOptions = Partial<Pick<CliContext, 'now' | 'version' | 'runDaemon'>>;

/** The `gantry-agent` program, writing to `io`; it throws instead of exiting (see {@link runCli}). */
export function buildProgram(io: CliIo, options: ProgramOptions = {}): Command {
  const ctx = createContext(io, {
    now: options.now ?? (() => new Date()),
    version: options.version ?? agentVersion(),
    // Loaded only by `run`: the daemon's graph (dockerode above all) would slow every other command.
    runDaemon: options.runDaemon ?? (async (...args) => (await import('../daemon/daemon.js')).runDaemon(...args)),
  });
  const program = new Command('gantry-agent')
    .description('The Gantry gateway agent: runs the apps this gateway is given, held to their resource caps.')
    .version(ctx.version, '-V, --version', 'print the agent version')
    .option('--config <file>', 'the agent config file (default: $GANTRY_CONFIG, else /etc/gantry/agent.yaml)')
    // Set before the commands are added: commander copies these settings into each of them.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.columns ?? 100,
      getErrHelpWidth: () => io.columns ?? 100,
      getOutHasColors: () => hasColour(io),
      getErrHasColors: () => hasColour(io),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`);
  registerRun(program, ctx);
  registerApply(program, ctx);
  registerStatus(program, ctx);
  registerPs(program, ctx);
  registerLogs(program, ctx);
  registerRollback(program, ctx);
  registerDoctor(program, ctx);
  registerEnroll(program, ctx);
  return program;
}

/** Runs one command line (without `node` and the script) and returns the exit status. */
export async function runCli(argv: readonly string[], io: CliIo, options: ProgramOptions = {}): Promise<number> {
  try {
    await buildProgram(io, options).parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    const report = reportError(error);
    if (report.message !== undefined) io.stderr.write(`error: ${report.message}\n`);
    return report.exitCode;
  }
}
