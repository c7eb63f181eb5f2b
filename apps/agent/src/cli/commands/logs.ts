import { InvalidArgumentError, type Command } from 'commander';
import type { ControlClient, ServiceLogLine } from '../../control/client.js';
import type { CliContext } from '../context.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { write, type CliIo } from '../io.js';

interface LogsOptions {
  follow?: boolean;
  tail?: number;
  json?: boolean;
}

/** An app and one of its services. */
export interface ServiceRef {
  app: string;
  service: string;
}

/** `gantry-agent logs <app/service | service>`: a service's output, stdout to stdout and stderr to stderr. */
export function registerLogs(program: Command, ctx: CliContext): void {
  program
    .command('logs')
    .description("print a service's output")
    .argument('<service>', 'app/service, or just the service when only one app has a service of that name')
    .option('-f, --follow', 'keep printing new output until Ctrl-C')
    .option('--tail <lines>', 'start with the last <lines> lines', parseCount)
    .option('--json', 'print each line as a JSON object {stream, at, text}')
    .action(async (target: string, options: LogsOptions, command: Command) => {
      const client = await ctx.client(command);
      const ref = await resolveService(target, client);
      const query = { ...ref, ...(options.tail === undefined ? {} : { tail: options.tail }), follow: options.follow === true };
      for await (const line of client.logs(query)) await printLine(ctx.io, line, options.json === true);
    });
}

async function printLine(io: CliIo, line: ServiceLogLine, isJson: boolean): Promise<void> {
  if (isJson) return write(io.stdout, `${JSON.stringify(line)}\n`);
  const text = line.text.endsWith('\n') ? line.text : `${line.text}\n`;
  return write(line.stream === 'stderr' ? io.stderr : io.stdout, text);
}

/** Reads `app/service`, or finds the one app that has `service` (asking the agent's `ps`). */
export async function resolveService(target: string, client: Pick<ControlClient, 'ps'>): Promise<ServiceRef> {
  const slash = target.indexOf('/');
  if (slash >= 0) {
    const app = target.slice(0, slash);
    const service = target.slice(slash + 1);
    if (app === '' || service === '') throw new CliError(`'${target}' is not app/service (e.g. vision/camera)`, ExitCode.usage);
    return { app, service };
  }
  const { services } = await client.ps();
  const apps = [...new Set(services.filter((row) => row.service === target).map((row) => row.appId))];
  const [only] = apps;
  if (apps.length === 1 && only !== undefined) return { app: only, service: target };
  if (apps.length > 1) {
    const matches = apps.map((app) => `${app}/${target}`).join(', ');
    throw new CliError(`more than one app has a service '${target}': ${matches}; name one as app/service`, ExitCode.usage);
  }
  const known = services.map((row) => `${row.appId}/${row.service}`);
  const list = known.length === 0 ? 'no services run on this gateway' : `services here: ${known.join(', ')}`;
  throw new CliError(`no app has a service '${target}'; ${list}`, ExitCode.failure);
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a number of lines, 0 or more');
  return Number(value);
}
