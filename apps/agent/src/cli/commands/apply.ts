import { Option, type Command } from 'commander';
import { ControlProtocolError } from '../../control/client.js';
import type { ApplyLine } from '../../control/contract.js';
import type { ApplyProgressView } from '../apply-progress.js';
import type { CliContext } from '../context.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { FORMAT_RULE_HELP, guessFormat, readManifest, type ManifestFormatChoice } from '../manifest-file.js';
import { formatIssue } from '../format/issues.js';
import { shortRelease } from '../format/cells.js';

interface ApplyOptions {
  file: string;
  name?: string;
  format?: ManifestFormatChoice;
  /** False with `--no-wait`. */
  wait: boolean;
}

type Accepted = Extract<ApplyLine, { type: 'accepted' }>;
type Done = Extract<ApplyLine, { type: 'done' }>;

/** `gantry-agent apply -f <file>`: a manifest applied in local mode, with progress. */
export function registerApply(program: Command, ctx: CliContext): void {
  program
    .command('apply')
    .description('apply an app manifest (Gantry YAML/JSON or docker-compose) to this gateway and wait until it runs')
    .requiredOption('-f, --file <file>', 'the manifest file; - reads it from stdin')
    .option('--name <app>', 'the app name for a compose file (compose files do not name their app)')
    .addOption(new Option('--format <format>', 'the manifest format; guessed when absent (see below)').choices(['yaml', 'json', 'compose']))
    .option('--no-wait', 'return once the agent has accepted the manifest, without waiting for the release to run')
    .addHelpText('after', `\n${FORMAT_RULE_HELP}`)
    .action(async (options: ApplyOptions, command: Command) => {
      const { io } = ctx;
      const manifest = await readManifest(options.file, io.stdin ?? process.stdin);
      const isGuessed = options.format === undefined;
      const format = options.format ?? guessFormat(options.file === '-' ? undefined : options.file, manifest.text);
      const client = await ctx.client(command);
      // Loaded on use: progress bars are for apply alone, not for the daemon that shares this program.
      const view = (await import('../apply-progress.js')).createProgressView(io);
      let accepted: Accepted | undefined;
      try {
        const request = { manifest: manifest.text, format, ...(options.name === undefined ? {} : { name: options.name }) };
        for await (const line of client.apply(request)) {
          switch (line.type) {
            case 'accepted':
              accepted = line;
              for (const warning of line.warnings) io.stderr.write(`warning: ${formatIssue(warning)}\n`);
              view.message(acceptedText(line));
              if (!options.wait) {
                view.message('not waiting (--no-wait): follow the release with `gantry-agent status`');
                return;
              }
              break;
            case 'pull':
              view.pull(line);
              break;
            case 'step':
              view.message(`step ${line.action}${line.service === undefined ? '' : ` ${line.service}`}: ${line.reason}`);
              break;
            case 'done':
              view.stop();
              finish(line, accepted, view);
              return;
            case 'invalid': {
              view.stop();
              for (const warning of line.warnings) io.stderr.write(`warning: ${formatIssue(warning)}\n`);
              const issues = line.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n');
              const hint = isGuessed ? `\n${formatHint(format)}` : '';
              throw new CliError(`the manifest ${manifest.label} is not valid:\n${issues}${hint}`, ExitCode.dataError);
            }
            case 'refused':
              view.stop();
              throw new CliError(
                `this gateway refuses the target:\n${line.reasons.map((reason) => `  - ${reason}`).join('\n')}`,
                ExitCode.refused,
              );
          }
        }
      } finally {
        view.stop();
      }
      throw new ControlProtocolError(
        'the agent ended its answer to apply without a result (done, invalid or refused); it may have hit an error: see its log, then `gantry-agent status`',
      );
    });
}

function acceptedText(line: Accepted): string {
  const release = `release ${shortRelease(line.releaseId)} of app '${line.appId}'`;
  return line.unchanged ? `unchanged: ${release} is already the target` : `accepted: ${release}`;
}

function formatHint(format: ManifestFormatChoice): string {
  return format === 'compose'
    ? '(read as a compose file; if it is a Gantry manifest, pass --format yaml)'
    : '(read as a Gantry manifest; if it is a compose file, pass --format compose)';
}

/** Prints the outcome; a release that failed or was rolled back ends with status 1. */
function finish(line: Done, accepted: Accepted | undefined, view: ApplyProgressView): void {
  const release = accepted === undefined ? 'the release' : `release ${shortRelease(accepted.releaseId)} of app '${accepted.appId}'`;
  const { health } = line;
  if (line.rolledBack) {
    const why = health.state === 'healthy' ? '' : `: ${health.reason}`;
    throw new CliError(`rolled back: ${release} did not become healthy${why}; the last good release runs again`, ExitCode.failure);
  }
  switch (health.state) {
    case 'failed':
      throw new CliError(`failed: ${release} is not healthy: ${health.reason}`, ExitCode.failure);
    case 'progressing':
      view.message(`applied: ${release} is still starting (${health.reason}); follow it with \`gantry-agent status\``);
      return;
    case 'healthy':
      view.message(`done: ${release} runs and is healthy`);
      return;
  }
}
