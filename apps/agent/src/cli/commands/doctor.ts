import { InvalidArgumentError, type Command } from 'commander';
import { AgentConfigSchema, ConfigError, DEFAULT_CONFIG_PATH, loadConfig, type AgentConfig } from '../../config/config.js';
import { configPathOption, type CliContext } from '../context.js';
import { ExitCode, QuietExit } from '../exit-codes.js';
import { hasColour } from '../io.js';

interface DoctorOptions {
  json?: boolean;
  timeout: number;
}

/** `gantry-agent doctor`: checks this machine; needs no running agent. */
export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check that this machine can run the agent: Docker, cgroups, kernel support for caps, data dir, disk, config (no running agent needed)')
    .option('--json', 'print the report as JSON')
    .option('--timeout <seconds>', 'how long each check may take', parseSeconds, 5)
    .addHelpText('after', '\nExits 0 when no check failed (warnings included), 1 when one did.')
    .action(async (options: DoctorOptions, command: Command) => {
      const { io } = ctx;
      const named = configPathOption(command);
      const configPath = named ?? io.env['GANTRY_CONFIG'] ?? DEFAULT_CONFIG_PATH;
      let config: AgentConfig;
      let configError: string | null = null;
      try {
        config = await loadConfig(named, io.env);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        // A broken config is one finding among others: the remaining checks run on the defaults.
        configError = error.message;
        config = AgentConfigSchema.parse({});
      }
      // Loaded on use: the checks pull in dockerode, which other commands need not pay for.
      const { createDoctorContext, DOCTOR_CHECKS, runDoctor } = await import('../../doctor/index.js');
      const report = await runDoctor(createDoctorContext({ config, configPath, configError }), {
        checks: DOCTOR_CHECKS,
        agentVersion: ctx.version,
        timeoutMs: options.timeout * 1000,
        now: ctx.now,
      });
      const text = options.json === true ? `${JSON.stringify(report, null, 2)}\n` : (await import('../format/doctor-report.js')).formatDoctorReport(report, { colour: hasColour(io), width: io.columns ?? 100 });
      io.stdout.write(text);
      if (report.summary.fail > 0) throw new QuietExit(ExitCode.failure);
    });
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('give a number of seconds above 0');
  return seconds;
}
